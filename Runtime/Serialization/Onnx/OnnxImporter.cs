using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Reads the weights of an ONNX graph into a model's tensors (state-dict order), from graphs as
/// <c>torch.onnx.export</c> writes them for a matching PyTorch module and as <see cref="OnnxExporter"/> writes them:
/// the weight-bearing nodes (Gather of a table; RNN, LSTM, GRU; Gemm, or MatMul followed by an Add of a bias) taken
/// in graph order must be the declared layers, with their exact shapes, variants and activations. Nodes that only
/// move data (Transpose, Squeeze, Reshape, …) are allowed; any other operator is refused by name.
/// </summary>
internal static class OnnxImporter
{
    /// <summary>Operators that carry no weights and compute nothing a declared layer would not (layout and shape bookkeeping).</summary>
    private static readonly HashSet<string> DataMovement = new(StringComparer.Ordinal)
    {
        "Squeeze", "Unsqueeze", "Transpose", "Reshape", "Constant", "Identity", "Shape", "Slice", "Concat", "Cast",
        "Expand", "ConstantOfShape", "Flatten",
    };

    private static readonly Dictionary<string, Activation> Activations = new(StringComparer.Ordinal)
    {
        ["Sigmoid"] = Activation.Sigmoid,
        ["Tanh"] = Activation.Tanh,
        ["Relu"] = Activation.Relu,
        ["Softmax"] = Activation.Softmax,
    };

    /// <summary>Bytes of file accepted beyond the weights themselves: graph structure, names, shape constants.</summary>
    private const long StructureAllowance = 16 << 20;

    /// <summary>Reads the file (up to a size the model bounds) and returns its weights in state-dict order.</summary>
    public static float[] Read(ModelDescriptor model, Stream stream)
    {
        ArraySegment<byte> file = ReadBounded(stream, StructureAllowance + (8L * sizeof(float) * model.ParameterCount));
        OnnxGraph graph = OnnxModelReader.Read(file);
        return new Matcher(model, graph).Match();
    }

    /// <summary>The whole stream, in the buffer it was read into (no further copy), refused past <paramref name="limit"/> bytes.</summary>
    private static ArraySegment<byte> ReadBounded(Stream stream, long limit)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[64 << 10];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ModelFormatException($"The ONNX file is longer than {limit} bytes, far more than a graph of this model's weights needs.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ModelFormatException("The ONNX file is empty.");
        }

        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Walks the graph's nodes in order and fills the model's tensors layer by layer.</summary>
    private sealed class Matcher(ModelDescriptor model, OnnxGraph graph)
    {
        private readonly float[] _canonical = new float[model.ParameterCount];
        private readonly HashSet<OnnxNode> _consumed = [];
        private int _layer;

        public float[] Match()
        {
            for (int i = 0; i < graph.Nodes.Count; i++)
            {
                OnnxNode node = graph.Nodes[i];
                if (_consumed.Contains(node) || (node.OpType == "Gather" && !IsTable(node.Input(0))))
                {
                    continue;
                }

                if (node.Domain is not ("" or "ai.onnx"))
                {
                    throw Refuse($"its {node.Describe()} is from the operator domain '{node.Domain}'; only standard ONNX operators are read");
                }

                switch (node.OpType)
                {
                    case "Gather":
                        Embedding(node);
                        break;
                    case "LSTM" or "GRU" or "RNN":
                        Recurrent(node);
                        break;
                    case "Gemm" or "MatMul":
                        Dense(node);
                        break;
                    case "Sigmoid" or "Tanh" or "Relu" or "Softmax" or "Add":
                        throw Refuse($"its {node.Describe()} is not part of a declared layer");
                    default:
                        if (!DataMovement.Contains(node.OpType))
                        {
                            throw Refuse($"its {node.Describe()} is an operator RnnCodegen's layers do not use");
                        }

                        break;
                }
            }

            if (_layer != model.Layers.Count)
            {
                throw Refuse($"it holds {_layer} layers, the declaration {model.Layers.Count}");
            }

            return _canonical;
        }

        private bool IsTable(string name) => graph.Constants.TryGetValue(name, out OnnxTensor? table) && table.Floats is not null && table.Dims.Length == 2;

        private LayerDescriptor Next(OnnxNode node, LayerKind kind)
        {
            if (_layer >= model.Layers.Count)
            {
                throw Refuse($"its {node.Describe()} comes after all {model.Layers.Count} declared layers");
            }

            LayerDescriptor layer = model.Layers[_layer];
            if (layer.Kind != kind)
            {
                throw Refuse($"its {node.Describe()} is a {kind} layer where layer {layer.Index} is {layer.Signature}");
            }

            _layer++;
            return layer;
        }

        private void Embedding(OnnxNode node)
        {
            LayerDescriptor layer = Next(node, LayerKind.Embedding);
            Store(layer, TensorRole.EmbeddingTable, Weight(node, 0, layer.InputSize, layer.Size));
        }

        private void Recurrent(OnnxNode node)
        {
            LayerKind kind = node.OpType switch { "LSTM" => LayerKind.Lstm, "GRU" => LayerKind.Gru, _ => LayerKind.SimpleRnn };
            LayerDescriptor layer = Next(node, kind);
            int h = layer.Size;
            int rows = layer.Gates * h;
            ExpectAttribute(node, layer, "hidden_size", node.Attributes.TryGetValue("hidden_size", out OnnxAttribute? hidden) ? hidden.Int : -1, h);
            if (node.Attributes.TryGetValue("direction", out OnnxAttribute? direction) && direction.Text != "forward")
            {
                throw Refuse($"its {node.Describe()} runs in direction '{direction.Text}'; RnnCodegen's layers run forward only");
            }

            foreach (string unsupported in (string[])["clip", "input_forget", "layout", "activation_alpha", "activation_beta"])
            {
                if (node.Attributes.TryGetValue(unsupported, out OnnxAttribute? value) && (value.Int != 0 || value.Float != 0 || value.Texts.Length > 0))
                {
                    throw Refuse($"its {node.Describe()} sets '{unsupported}', which layer {layer.Index} ({layer.Signature}) does not have");
                }
            }

            string[] activations = node.Attributes.TryGetValue("activations", out OnnxAttribute? given) ? given.Texts : [];
            string[] expected = kind switch
            {
                LayerKind.Lstm => ["Sigmoid", "Tanh", "Tanh"],
                LayerKind.Gru => ["Sigmoid", "Tanh"],
                _ => [layer.Activation == Activation.Relu ? "Relu" : "Tanh"],
            };
            if (activations.Length > 0 && !activations.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
            {
                throw Refuse($"its {node.Describe()} has activations [{string.Join(", ", activations)}], layer {layer.Index} ({layer.Signature}) needs [{string.Join(", ", expected)}]");
            }

            if (kind == LayerKind.Gru)
            {
                long linearBeforeReset = node.Attributes.TryGetValue("linear_before_reset", out OnnxAttribute? lbr) ? lbr.Int : 0;
                ExpectAttribute(node, layer, "linear_before_reset", linearBeforeReset, layer.ResetAfter ? 1 : 0);
            }

            int[] order = OnnxGateOrder.TorchGate(kind);
            Store(layer, TensorRole.InputWeights, OnnxGateOrder.Permuted(Weight(node, 1, 1, rows, layer.InputSize), order, h, layer.InputSize, toOnnx: false));
            Store(layer, TensorRole.RecurrentWeights, OnnxGateOrder.Permuted(Weight(node, 2, 1, rows, h), order, h, h, toOnnx: false));
            float[] bias = node.Input(3).Length == 0 ? new float[2 * rows] : Weight(node, 3, 1, 2 * rows);
            Store(layer, TensorRole.InputBias, OnnxGateOrder.Permuted(bias.AsSpan(0, rows), order, h, 1, toOnnx: false));
            Store(layer, TensorRole.RecurrentBias, OnnxGateOrder.Permuted(bias.AsSpan(rows), order, h, 1, toOnnx: false));
            if (node.Input(4).Length > 0)
            {
                throw Refuse($"its {node.Describe()} takes sequence_lens; RnnCodegen runs whole sequences");
            }

            ExpectZeroState(node, 5, layer);
            if (kind == LayerKind.Lstm)
            {
                ExpectZeroState(node, 6, layer);
                bool peepholes = node.Input(7).Length > 0;
                if (peepholes != layer.Peepholes)
                {
                    throw Refuse($"its {node.Describe()} {(peepholes ? "has" : "has no")} peephole input P, layer {layer.Index} is {layer.Signature}");
                }

                if (peepholes)
                {
                    Store(layer, TensorRole.Peepholes, OnnxGateOrder.Permuted(Weight(node, 7, 1, 3 * h), OnnxGateOrder.Peepholes, h, 1, toOnnx: false));
                }
            }
        }

        /// <summary>Gemm(X, W, b) with transB (PyTorch's 2-D Linear), or MatMul(X, Wᵀ) then Add(·, b) (3-D input); then the activation, if declared.</summary>
        private void Dense(OnnxNode node)
        {
            LayerDescriptor layer = Next(node, LayerKind.Dense);
            int k = layer.InputSize;
            int o = layer.Size;
            float[] weight;
            float[] bias;
            string output;
            if (node.OpType == "Gemm")
            {
                foreach (string scale in (string[])["alpha", "beta"])
                {
                    if (node.Attributes.TryGetValue(scale, out OnnxAttribute? value) && value.Float != 1f)
                    {
                        throw Refuse($"its {node.Describe()} scales by {scale} = {value.Float}; a Dense layer computes W·x + b");
                    }
                }

                if (node.Attributes.TryGetValue("transA", out OnnxAttribute? transA) && transA.Int != 0)
                {
                    throw Refuse($"its {node.Describe()} transposes its input (transA = 1)");
                }

                bool transposed = node.Attributes.TryGetValue("transB", out OnnxAttribute? transB) && transB.Int != 0;
                weight = transposed ? Weight(node, 1, o, k) : OnnxGateOrder.Transpose(Weight(node, 1, k, o), k, o);
                bias = node.Input(2).Length == 0 ? throw Refuse($"its {node.Describe()} has no bias C; a Dense layer has one") : Weight(node, 2, o);
                output = node.Outputs[0];
            }
            else
            {
                weight = OnnxGateOrder.Transpose(Weight(node, 1, k, o), k, o);
                OnnxNode add = SoleConsumer(node.Outputs[0]) is { OpType: "Add" } consumer
                    ? consumer
                    : throw Refuse($"its {node.Describe()} for layer {layer.Index} ({layer.Signature}) is not followed by an Add of the bias");
                int biasInput = add.Input(0) == node.Outputs[0] ? 1 : 0;
                bias = Weight(add, biasInput, o);
                _consumed.Add(add);
                output = add.Outputs[0];
            }

            Store(layer, TensorRole.InputWeights, weight);
            Store(layer, TensorRole.InputBias, bias);
            OnnxNode? next = SoleConsumer(output);
            Activation found = next is not null && Activations.TryGetValue(next.OpType, out Activation activation) ? activation : Activation.Linear;
            if (found != layer.Activation)
            {
                throw Refuse($"layer {layer.Index} is {layer.Signature}, but the graph applies {(found == Activation.Linear ? "no activation" : next!.OpType)} to its output");
            }

            if (next is not null && found != Activation.Linear)
            {
                _consumed.Add(next);
            }
        }

        private OnnxNode? SoleConsumer(string output)
        {
            OnnxNode[] consumers = [.. graph.Nodes.Where(node => node.Inputs.Contains(output))];
            return consumers.Length == 1 ? consumers[0] : null;
        }

        /// <summary>A constant float input of <paramref name="node"/> with exactly the shape <paramref name="dims"/>.</summary>
        private float[] Weight(OnnxNode node, int input, params int[] dims)
        {
            string name = node.Input(input);
            if (!graph.Constants.TryGetValue(name, out OnnxTensor? tensor))
            {
                throw Refuse($"input {input} ('{name}') of its {node.Describe()} is not a constant tensor in the file");
            }

            if (tensor.Floats is null)
            {
                throw Refuse($"the tensor '{name}' of its {node.Describe()} has ONNX data type {tensor.DataType}, not float (1)");
            }

            if (!tensor.Dims.SequenceEqual(dims.Select(dim => (long)dim)))
            {
                throw Refuse($"the tensor '{name}' of its {node.Describe()} has shape {tensor.ShapeText}, layer {model.Layers[_layer - 1].Index} ({model.Layers[_layer - 1].Signature}) needs [{string.Join(", ", dims)}]");
            }

            return tensor.Floats;
        }

        /// <summary>An initial state must be absent, all zeros, or a graph input: weights are what is read, and Predict starts from zero.</summary>
        private void ExpectZeroState(OnnxNode node, int input, LayerDescriptor layer)
        {
            string name = node.Input(input);
            if (name.Length == 0 || graph.Inputs.Contains(name))
            {
                return;
            }

            if (!graph.Constants.TryGetValue(name, out OnnxTensor? tensor) || (tensor.Floats is not null && tensor.Floats.All(value => value == 0f)))
            {
                return; // computed in the graph (PyTorch builds its zero h0 from the input's shape), or stored zeros
            }

            throw Refuse($"its {node.Describe()} for layer {layer.Index} starts from a constant non-zero initial state '{name}'");
        }

        private void ExpectAttribute(OnnxNode node, LayerDescriptor layer, string attribute, long found, long expected)
        {
            if (found != expected)
            {
                throw Refuse($"its {node.Describe()} has {attribute} = {found}, layer {layer.Index} ({layer.Signature}) needs {expected}");
            }
        }

        private void Store(LayerDescriptor layer, TensorRole role, ReadOnlySpan<float> values)
        {
            int offset = 0;
            foreach (TensorDescriptor tensor in model.Tensors)
            {
                if (tensor.Role == role && layer.Tensors.Contains(tensor))
                {
                    values.CopyTo(_canonical.AsSpan(offset, tensor.ElementCount));
                    return;
                }

                offset += tensor.ElementCount;
            }
        }

        private ModelFormatException Refuse(string reason) =>
            new($"The ONNX graph does not fit '{model.Signature}': {reason}." + (graph.Signature is null ? "" : $" The file was exported from '{graph.Signature}'."));
    }
}
