using System;
using System.ComponentModel;
using System.IO;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;

namespace RnnCodegen.Internals;

/// <summary>
/// PyTorch interchange in the safetensors format (https://github.com/huggingface/safetensors): tensors named as a
/// PyTorch <c>nn.ModuleList</c> called <c>layers</c> holds them (<c>layers.0.weight_ih_l0</c>, ...), in PyTorch's
/// shapes and gate orders, or as the user's own modules hold them (<see cref="TorchModule"/>). Generated models call
/// these from <c>ExportSafetensors</c> and <c>ImportSafetensors</c>.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Safetensors
{
    /// <summary>
    /// Writes the model's tensors (F32, state-dict order, metadata <c>format=pt</c> and the model's signature) to
    /// <paramref name="path"/> atomically: a temporary file in the same folder is written, flushed to the disk and
    /// renamed over <paramref name="path"/>, so a failure or crash leaves any previous file intact.
    /// The file loads with <c>safetensors.torch.load_file</c> into the matching PyTorch module.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    /// <exception cref="IOException"><paramref name="path"/> names something other than a regular file (a directory, a device, a named pipe), or the write failed; a previous file is intact.</exception>
    public static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, string path) =>
        Export(model, storage, path, static file => file);

    /// <summary>Writes the file to <paramref name="stream"/> (at its current position; the stream is flushed, not closed).</summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SafetensorsWriter.Write(model, StateDictNames.Canonical(model), ParameterStorage.ToCanonical(model, storage), stream);
        stream.Flush();
    }

    /// <summary>
    /// Writes the file as <see cref="Export(ModelDescriptor, ReadOnlySpan{float}, string)"/> does, with the tensors
    /// named as <paramref name="modules"/> hold them (<c>lstm.weight_ih_l1</c>, <c>head.weight</c>, …), so that
    /// <c>load_state_dict(strict=True)</c> takes the file on the user's own PyTorch module.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="modules">The PyTorch modules that hold the declared layers, in declared order.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length, or the modules do not cover the declared layers one to one.</exception>
    public static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, string path, ReadOnlySpan<TorchModule> modules)
    {
        ArgumentNullException.ThrowIfNull(model);
        ExportAtomically(model, storage, path, StateDictNames.For(model, modules), static file => file);
    }

    /// <summary>
    /// Loads the model's tensors from the safetensors file <paramref name="path"/>, as PyTorch's
    /// <c>load_state_dict(strict=True)</c> does: every tensor of the model must be there with exactly its shape,
    /// and no other. F32, F64, F16 and BF16 tensors are converted to float. The names are those of the
    /// <c>layers.{k}</c> convention or those of any PyTorch state dict whose modules (<c>nn.Embedding</c>,
    /// <c>nn.RNN</c>/<c>nn.LSTM</c>/<c>nn.GRU</c> with any <c>num_layers</c>, <c>nn.Linear</c>, under any prefixes)
    /// cover the declared layers in exactly one order of their shapes.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="path">A safetensors file.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted or forged, or holds another model's tensors; the message names what is wrong.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Import(ModelDescriptor model, Span<float> storage, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ParameterStorage.Check(model, storage);
        using FileStream stream = SequentialFile.OpenRead(path);
        Import(model, storage, stream);
    }

    /// <summary>
    /// Loads the model's tensors from the safetensors file <paramref name="path"/> under the names of the user's
    /// <paramref name="modules"/>, for a state dict whose modules fit the declaration in more than one order.
    /// Otherwise the same rules as <see cref="Import(ModelDescriptor, Span{float}, string)"/>.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="path">A safetensors file.</param>
    /// <param name="modules">The PyTorch modules that hold the declared layers, in declared order.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted or forged, or does not hold these modules' tensors; the message names what is wrong.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length, or the modules do not cover the declared layers one to one.</exception>
    public static void Import(ModelDescriptor model, Span<float> storage, string path, ReadOnlySpan<TorchModule> modules)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ParameterStorage.Check(model, storage);
        string[] names = StateDictNames.For(model, modules); // checks the modules before the file is opened
        using FileStream stream = SequentialFile.OpenRead(path);
        model.ScatterCanonical(SafetensorsImporter.Read(model, stream, names), storage);
    }

    /// <summary>
    /// Loads the model's tensors from <paramref name="stream"/>, which must end where the file ends (it is read to
    /// its end; it need not be seekable). Same rules as <see cref="Import(ModelDescriptor, Span{float}, string)"/>.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="stream">A readable stream positioned at the file's first byte.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted or forged, or holds another model's tensors; the message names what is wrong.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Import(ModelDescriptor model, Span<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParameterStorage.Check(model, storage);
        float[] canonical = SafetensorsImporter.Read(model, stream, names: null);
        model.ScatterCanonical(canonical, storage);
    }

    /// <summary>The path overload with a seam: <paramref name="interpose"/> wraps the temporary file's stream.</summary>
    internal static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, string path, Func<Stream, Stream> interpose)
    {
        ArgumentNullException.ThrowIfNull(model);
        ExportAtomically(model, storage, path, StateDictNames.Canonical(model), interpose);
    }

    private static void ExportAtomically(ModelDescriptor model, ReadOnlySpan<float> storage, string path, string[] names, Func<Stream, Stream> interpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] canonical = ParameterStorage.ToCanonical(model, storage);
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(model, names, canonical, stream), interpose);
    }
}
