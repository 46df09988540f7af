using System;
using System.IO;
using System.Linq;
using RnnCodegen.Layout;
using static RnnCodegen.Serialization.OnnxFields;

namespace RnnCodegen.Serialization;

/// <summary>
/// Writes a model as an ONNX graph of standard operators for one sequence, batch 1: input <c>input</c> [T, 1, I]
/// (or <c>tokens</c> int64 [T, 1]), output <c>output</c> [T, 1, O]. Embedding is a Gather; SimpleRnn, LSTM and GRU
/// are ONNX's RNN, LSTM and GRU operators (gate blocks reordered, peepholes through P, a reset-after GRU as
/// linear_before_reset=1) followed by a Squeeze of the direction axis; Dense is MatMul, Add and its activation.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The IR version of ONNX 1.13+, which every ONNX Runtime of the last years reads.</summary>
    public const long IrVersion = 8;

    /// <summary>Opset 17: Squeeze takes its axes as an input (since 13), Softmax works along one axis (since 13).</summary>
    public const long Opset = 17;

    public static void Write(ModelDescriptor model, ReadOnlySpan<float> storage, Stream stream)
    {
        var graph = new OnnxGraphWriter();
        graph.Name(model.Signature);
        string current = model.TokenInput ? "tokens" : "input";
        if (model.TokenInput)
        {
            graph.Value(input: true, "tokens", Tensor.Int64Type, "T", "1");
        }
        else
        {
            graph.Value(input: true, "input", Tensor.FloatType, "T", "1", Text(model.InputSize));
        }

        graph.Int64Initializer(SqueezeAxes, [1]);
        foreach (LayerDescriptor layer in model.Layers)
        {
            string output = layer.Index == model.Layers.Count - 1 ? "output" : $"layers.{layer.Index}.output";
            switch (layer.Kind)
            {
                case LayerKind.Embedding:
                    graph.FloatInitializer($"layers.{layer.Index}.weight", Values(layer, TensorRole.EmbeddingTable, storage), layer.InputSize, layer.Size);
                    graph.Node("Gather", $"layers.{layer.Index}.gather", [$"layers.{layer.Index}.weight", current], [output]);
                    break;
                case LayerKind.Dense:
                    WriteDense(graph, layer, storage, current, output);
                    break;
                default:
                    WriteRecurrent(graph, layer, storage, current, output);
                    break;
            }

            current = output;
        }

        graph.Value(input: false, "output", Tensor.FloatType, "T", "1", Text(model.OutputSize));
        graph.WriteModel(stream, IrVersion, Opset, model.Signature);
    }

    private const string SqueezeAxes = "squeeze_direction_axis";

    /// <summary>Y = MatMul(X, Wᵀ) + b, then the activation: MatMul broadcasts over [T, 1, K] where Gemm takes only matrices.</summary>
    private static void WriteDense(OnnxGraphWriter graph, LayerDescriptor layer, ReadOnlySpan<float> storage, string input, string output)
    {
        string prefix = $"layers.{layer.Index}";
        float[] transposed = OnnxGateOrder.Transpose(Values(layer, TensorRole.InputWeights, storage), layer.Size, layer.InputSize);
        graph.FloatInitializer($"{prefix}.weight_t", transposed, layer.InputSize, layer.Size);
        graph.FloatInitializer($"{prefix}.bias", Values(layer, TensorRole.InputBias, storage), layer.Size);
        graph.Node("MatMul", $"{prefix}.matmul", [input, $"{prefix}.weight_t"], [$"{prefix}.product"]);
        string? activation = layer.Activation switch
        {
            Activation.Sigmoid => "Sigmoid",
            Activation.Tanh => "Tanh",
            Activation.Relu => "Relu",
            Activation.Softmax => "Softmax",
            _ => null,
        };
        string linear = activation is null ? output : $"{prefix}.linear";
        graph.Node("Add", $"{prefix}.add", [$"{prefix}.product", $"{prefix}.bias"], [linear]);
        if (activation == "Softmax")
        {
            graph.Node(activation, $"{prefix}.softmax", [linear], [output], OnnxGraphWriter.IntAttribute("axis", -1));
        }
        else if (activation is not null)
        {
            graph.Node(activation, $"{prefix}.{activation.ToLowerInvariant()}", [linear], [output]);
        }
    }

    /// <summary>ONNX's RNN, LSTM or GRU with W [1, G·H, K], R [1, G·H, H], B [1, 2·G·H] in ONNX's gate order, then Squeeze of Y's direction axis.</summary>
    private static void WriteRecurrent(OnnxGraphWriter graph, LayerDescriptor layer, ReadOnlySpan<float> storage, string input, string output)
    {
        string prefix = $"layers.{layer.Index}";
        int[] order = OnnxGateOrder.TorchGate(layer.Kind);
        int rows = layer.Gates * layer.Size;
        graph.FloatInitializer($"{prefix}.W", OnnxGateOrder.Permuted(Values(layer, TensorRole.InputWeights, storage), order, layer.Size, layer.InputSize, toOnnx: true), 1, rows, layer.InputSize);
        graph.FloatInitializer($"{prefix}.R", OnnxGateOrder.Permuted(Values(layer, TensorRole.RecurrentWeights, storage), order, layer.Size, layer.Size, toOnnx: true), 1, rows, layer.Size);
        float[] bias = [.. OnnxGateOrder.Permuted(Values(layer, TensorRole.InputBias, storage), order, layer.Size, 1, toOnnx: true), .. OnnxGateOrder.Permuted(Values(layer, TensorRole.RecurrentBias, storage), order, layer.Size, 1, toOnnx: true)];
        graph.FloatInitializer($"{prefix}.B", bias, 1, 2 * rows);
        string[] inputs = [input, $"{prefix}.W", $"{prefix}.R", $"{prefix}.B"];
        if (layer.Peepholes)
        {
            graph.FloatInitializer($"{prefix}.P", OnnxGateOrder.Permuted(Values(layer, TensorRole.Peepholes, storage), OnnxGateOrder.Peepholes, layer.Size, 1, toOnnx: true), 1, 3 * layer.Size);
            inputs = [.. inputs, "", "", "", $"{prefix}.P"]; // sequence_lens, initial_h, initial_c left out
        }

        ProtoWriter hiddenSize = OnnxGraphWriter.IntAttribute("hidden_size", layer.Size);
        ProtoWriter[] attributes = layer.Kind switch
        {
            LayerKind.Gru => [hiddenSize, OnnxGraphWriter.IntAttribute("linear_before_reset", layer.ResetAfter ? 1 : 0)],
            LayerKind.SimpleRnn => [hiddenSize, OnnxGraphWriter.StringsAttribute("activations", layer.Activation == Activation.Relu ? "Relu" : "Tanh")],
            _ => [hiddenSize],
        };
        string opType = layer.Kind switch { LayerKind.Lstm => "LSTM", LayerKind.Gru => "GRU", _ => "RNN" };
        graph.Node(opType, $"{prefix}.{opType.ToLowerInvariant()}", inputs, [$"{prefix}.y"], attributes);
        graph.Node("Squeeze", $"{prefix}.squeeze", [$"{prefix}.y", SqueezeAxes], [output]);
    }

    private static float[] Values(LayerDescriptor layer, TensorRole role, ReadOnlySpan<float> storage)
    {
        TensorDescriptor tensor = layer.Tensors.First(candidate => candidate.Role == role);
        float[] values = new float[tensor.ElementCount];
        tensor.Gather(storage, values);
        return values;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
