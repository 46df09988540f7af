using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace RnnCodegen.Serialization;

/// <summary>
/// A whole safetensors file of any tensors (F32, F64, F16, BF16, I64), read into memory: how the tests read the
/// PyTorch fixtures. Same header parser and checks as <see cref="Internals.Safetensors.Import(Layout.ModelDescriptor, Span{float}, Stream)"/>.
/// </summary>
internal sealed class SafetensorsDocument
{
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    private SafetensorsDocument(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(tensor => tensor.Name);
    }

    /// <summary>The tensors in the header's order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    public SafetensorsTensor this[string name] =>
        _byName.TryGetValue(name, out SafetensorsTensor? tensor) ? tensor : throw new KeyNotFoundException($"The file has no tensor '{name}'.");

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid safetensors file.</exception>
    public static SafetensorsDocument Read(string path)
    {
        using var stream = SequentialFile.OpenRead(path);
        return Read(stream);
    }

    /// <summary>
    /// Reads a whole file from <paramref name="stream"/>, which must be seekable: its length bounds what the header
    /// may claim before anything is allocated for the data.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a valid safetensors file.</exception>
    public static SafetensorsDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("A safetensors document is read from a seekable stream.", nameof(stream));
        }

        SafetensorsStreamReader reader = SafetensorsStreamReader.Open(stream);
        var tensors = new Dictionary<string, SafetensorsTensor>();
        foreach (SafetensorsTensorInfo info in reader.Header.InDataOrder)
        {
            tensors.Add(info.Name, ReadTensor(reader, info));
        }

        reader.ReadEnd();
        return new SafetensorsDocument([.. reader.Header.Tensors.Select(info => tensors[info.Name])], reader.Header.Metadata);
    }

    private static SafetensorsTensor ReadTensor(SafetensorsStreamReader reader, SafetensorsTensorInfo info)
    {
        if (info.ElementCount > Array.MaxLength)
        {
            throw new ModelFormatException($"Tensor '{info.Name}' has {info.ElementCount} elements, more than an array can hold.");
        }

        if (info.DType == SafetensorsDType.I64)
        {
            long[] int64s = new long[info.ElementCount];
            reader.ReadInt64s(info, int64s);
            return new SafetensorsTensor(info, int64s);
        }

        float[] floats = new float[info.ElementCount];
        reader.ReadFloats(info, floats);
        return new SafetensorsTensor(info, floats);
    }
}
