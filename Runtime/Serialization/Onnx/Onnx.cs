using System;
using System.ComponentModel;
using System.IO;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;

namespace RnnCodegen.Internals;

/// <summary>
/// ONNX interchange (https://onnx.ai): a model as a graph of ONNX's standard RNN, LSTM and GRU operators, Gather for an
/// Embedding and MatMul, Add and an activation for Dense, for one sequence at batch 1. Generated models call these
/// from <c>ExportOnnx</c> and <c>ImportOnnx</c>.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Onnx
{
    /// <summary>
    /// Writes the model to <paramref name="path"/> as an ONNX graph (IR 8, opset 17) atomically: input <c>input</c>
    /// float [T, 1, InputSize] (a token model: <c>tokens</c> int64 [T, 1]), output <c>output</c> float
    /// [T, 1, OutputSize], what <c>Predict</c> computes from a zero state. Every layer kind and variant is expressed:
    /// LSTM gates reordered to ONNX's i, o, f, c with peepholes in the P input; GRU gates to z, r, h with
    /// linear_before_reset 1 (reset-after) or 0 (reset-before); SimpleRnn through the activations attribute.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] copy = ParameterStorage.Snapshot(model, storage);
        AtomicFile.Write(path, stream => OnnxExporter.Write(model, copy, stream));
    }

    /// <summary>Writes the ONNX graph to <paramref name="stream"/> (at its current position; the stream is flushed, not closed).</summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats).</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Export(ModelDescriptor model, ReadOnlySpan<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        OnnxExporter.Write(model, ParameterStorage.Snapshot(model, storage), stream);
        stream.Flush();
    }

    /// <summary>
    /// Loads the weights of an ONNX graph: one written by <see cref="Export(ModelDescriptor, ReadOnlySpan{float}, string)"/>,
    /// or one <c>torch.onnx.export</c> wrote from a PyTorch module with the declared layers (nn.Embedding, nn.RNN,
    /// nn.LSTM, nn.GRU with any num_layers, nn.Linear and its activation, in order). The weight-bearing nodes, in graph
    /// order, must be the declared layers with their exact shapes and variants; any other graph is refused.
    /// </summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="path">An ONNX file.</param>
    /// <exception cref="ModelFormatException">The file is damaged or its graph is not the declared model; the message names what is wrong.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Import(ModelDescriptor model, Span<float> storage, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ParameterStorage.Check(model, storage);
        using var stream = SequentialFile.OpenRead(path);
        Import(model, storage, stream);
    }

    /// <summary>Loads the weights of the ONNX graph in <paramref name="stream"/>, read to its end. Same rules as <see cref="Import(ModelDescriptor, Span{float}, string)"/>.</summary>
    /// <param name="model">The model's descriptor.</param>
    /// <param name="storage">The model's parameter storage; changed only if the whole file is valid.</param>
    /// <param name="stream">A readable stream positioned at the file's first byte.</param>
    /// <exception cref="ModelFormatException">The file is damaged or its graph is not the declared model; the message names what is wrong.</exception>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Import(ModelDescriptor model, Span<float> storage, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParameterStorage.Check(model, storage);
        model.ScatterCanonical(OnnxImporter.Read(model, stream), storage);
    }
}
