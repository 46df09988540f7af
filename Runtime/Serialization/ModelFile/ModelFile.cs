using System;
using System.ComponentModel;
using System.IO;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;

namespace RnnCodegen.Internals;

/// <summary>
/// Saves and loads a model's parameters in RnnCodegen's native binary format (docs/model-file-format.md):
/// magic, format version, layer signature, metadata, little-endian float32 parameters in PyTorch state-dict order,
/// CRC-32. Generated models call these from <c>Save</c> and <c>Load</c>.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModelFile
{
    /// <summary>
    /// Saves to <paramref name="path"/> atomically: a temporary file in the same folder is written, flushed to the
    /// disk and renamed over <paramref name="path"/>, so a failure or crash leaves any previous file intact.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    /// <exception cref="IOException"><paramref name="path"/> names something other than a regular file (a directory, a device, a named pipe), or the write failed; a previous file is intact.</exception>
    public static void Save(ModelDescriptor model, ReadOnlySpan<float> storage, string path) =>
        Save(model, storage, path, interpose: null);

    /// <summary>Writes the file to <paramref name="stream"/> (at its current position; the stream is flushed, not closed).</summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Save(ModelDescriptor model, ReadOnlySpan<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFileWriter.Write(model, ParameterStorage.ToCanonical(model, storage), stream);
        stream.Flush();
    }

    /// <summary>Loads the parameters saved in <paramref name="path"/> into <paramref name="storage"/>.</summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="path">A file written by <see cref="Save(ModelDescriptor, ReadOnlySpan{float}, string)"/>.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted, forged, of an unknown version or for another model.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Load(ModelDescriptor model, Span<float> storage, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ParameterStorage.Check(model, storage);
        using var stream = SequentialFile.OpenRead(path);
        Load(model, storage, stream);
    }

    /// <summary>
    /// Loads parameters from <paramref name="stream"/>, which must end where the file ends (it is read to its end;
    /// it need not be seekable).
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="stream">A readable stream positioned at the file's first byte.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted, forged, of an unknown version or for another model.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Load(ModelDescriptor model, Span<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParameterStorage.Check(model, storage);
        ModelFileContents contents = ModelFileReader.Read(model, stream);
        model.ScatterCanonical(contents.Parameters, storage);
    }

    /// <summary>The path overload with a test seam: <paramref name="interpose"/> wraps the temporary file's stream.</summary>
    internal static void Save(ModelDescriptor model, ReadOnlySpan<float> storage, string path, Func<Stream, Stream>? interpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] canonical = ParameterStorage.ToCanonical(model, storage);
        AtomicFile.Write(path, stream => ModelFileWriter.Write(model, canonical, stream), interpose);
    }
}
