using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Reads a safetensors file into a model's parameters as <c>load_state_dict(strict=True)</c> would: every tensor
/// of the model present with exactly its PyTorch shape, in a floating-point dtype, and nothing else. The names are
/// the <c>layers.{k}</c> convention's or those of the user's own modules (<see cref="StateDictNames"/>).
/// </summary>
internal static class SafetensorsImporter
{
    /// <summary>How many unexpected names one message lists.</summary>
    private const int NamesListed = 5;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end and returns the model's tensors one after another in state-dict
    /// order, converted to float, once the whole file has been checked. The returned buffer, sized from
    /// <paramref name="model"/>, is the only allocation the data section causes.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="stream">The file.</param>
    /// <param name="names">The names of the user's modules' tensors in state-dict order (<see cref="StateDictNames.For(ModelDescriptor, ReadOnlySpan{TorchModule})"/>),
    /// or null to take the <c>layers.{k}</c> names when the file uses them and otherwise find the modules from the file's names and shapes.</param>
    /// <exception cref="ModelFormatException">The file is not a valid safetensors file of <paramref name="model"/>'s tensors.</exception>
    public static float[] Read(ModelDescriptor model, Stream stream, string[]? names)
    {
        SafetensorsStreamReader reader = SafetensorsStreamReader.Open(stream);
        Dictionary<string, int> canonicalOffsets = Match(model, reader.Header, names ?? Names(model, reader.Header));
        float[] canonical = new float[model.ParameterCount];
        foreach (SafetensorsTensorInfo tensor in reader.Header.InDataOrder)
        {
            reader.ReadFloats(tensor, canonical.AsSpan(canonicalOffsets[tensor.Name], (int)tensor.ElementCount));
        }

        reader.ReadEnd();
        return canonical;
    }

    /// <summary>
    /// The names to look for when the caller named no modules. A file that holds every <c>layers.{k}</c> name, or only such names, is read strictly by
    /// them, so a near miss of the convention gets the precise "missing" or "unexpected" message.
    /// </summary>
    private static string[] Names(ModelDescriptor model, SafetensorsHeader header)
    {
        string[] canonical = StateDictNames.Canonical(model);
        var inFile = new HashSet<string>(header.Tensors.Select(tensor => tensor.Name), StringComparer.Ordinal);
        return inFile.IsSubsetOf(canonical) || inFile.IsSupersetOf(canonical)
            ? canonical
            : StateDictNames.For(model, StateDictMatcher.Match(model, header.Tensors));
    }

    /// <summary>Checks the header's tensors against the model's and returns where each goes in the canonical order.</summary>
    private static Dictionary<string, int> Match(ModelDescriptor model, SafetensorsHeader header, string[] names)
    {
        Dictionary<string, SafetensorsTensorInfo> inFile = header.Tensors.ToDictionary(tensor => tensor.Name);
        var offsets = new Dictionary<string, int>();
        int offset = 0;
        for (int i = 0; i < names.Length; i++)
        {
            TensorDescriptor expected = model.Tensors[i];
            string name = names[i];
            if (!inFile.TryGetValue(name, out SafetensorsTensorInfo? found))
            {
                throw new ModelFormatException($"Tensor '{name}' (shape {expected.ShapeText}) of '{model.Signature}' is missing from the file." + StateDictListing.Describe(model, header.Tensors));
            }

            if (!found.Shape.SequenceEqual(expected.Shape.Select(dimension => (long)dimension)))
            {
                throw new ModelFormatException($"Tensor '{name}' has shape {found.ShapeText} in the file, the model expects {expected.ShapeText}." + StateDictListing.Describe(model, header.Tensors));
            }

            if (!found.DType.IsFloat())
            {
                throw new ModelFormatException($"Tensor '{name}' has dtype {found.DType} in the file; parameters import from F32, F64, F16 or BF16.");
            }

            offsets.Add(name, offset);
            offset += expected.ElementCount;
        }

        string[] unexpected = [.. header.Tensors.Select(tensor => tensor.Name).Where(name => !offsets.ContainsKey(name))];
        if (unexpected.Length > 0)
        {
            string listed = string.Join(", ", unexpected.Take(NamesListed).Select(name => $"'{Printable.Escape(name)}'"));
            string more = unexpected.Length > NamesListed ? $" and {unexpected.Length - NamesListed} more" : "";
            throw new ModelFormatException($"The file has tensors that '{model.Signature}' does not: {listed}{more}." + StateDictListing.Describe(model, header.Tensors));
        }

        return offsets;
    }
}
