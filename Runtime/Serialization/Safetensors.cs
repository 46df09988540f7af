using System;
using System.ComponentModel;
using System.IO;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;

namespace RnnCodegen.Internals;

/// <summary>
/// PyTorch interchange in the safetensors format (https://github.com/huggingface/safetensors): tensors named as a
/// PyTorch <c>nn.ModuleList</c> called <c>layers</c> holds them (<c>layers.0.weight_ih_l0</c>, ...), in PyTorch's
/// shapes and gate orders. Generated models call these from <c>ExportSafetensors</c> and <c>ImportSafetensors</c>.
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
        SafetensorsWriter.Write(model, ParameterStorage.ToCanonical(model, storage), stream);
        stream.Flush();
    }

    /// <summary>
    /// Loads the model's tensors from the safetensors file <paramref name="path"/>, as PyTorch's
    /// <c>load_state_dict(strict=True)</c> does: every tensor of the model must be there with exactly its shape,
    /// and no other. F32, F64, F16 and BF16 tensors are converted to float.
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
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        Import(model, storage, stream);
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
        float[] canonical = SafetensorsImporter.Read(model, stream);
        model.ScatterCanonical(canonical, storage);
    }

    /// <summary>The path overload with a seam: <paramref name="interpose"/> wraps the temporary file's stream.</summary>
    internal static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, string path, Func<Stream, Stream> interpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] canonical = ParameterStorage.ToCanonical(model, storage);
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(model, canonical, stream), interpose);
    }
}
