using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using GeneratorActivation = RnnCodegen.Generator.Model.Activation;
using GeneratorKind = RnnCodegen.Generator.Model.LayerKind;
using RuntimeActivation = RnnCodegen.Activation;
using RuntimeKind = RnnCodegen.Layout.LayerKind;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// The generator's view of the storage (the offsets it writes into kernels) against the runtime's (where
/// <see cref="TensorDescriptor.Scatter"/> puts each PyTorch tensor element): every weight, bias and peephole of
/// every layer kind must sit where the kernels will read it, and padding must hold nothing.
/// </summary>
public class LayoutAgreementTests
{
    public static TheoryData<string> Models => new(Declarations.Keys);

    private static readonly Dictionary<string, (int InputSize, LayerSpec[] Layers)> Declarations = new()
    {
        // Odd sizes leave padding in every last block; several layers make offsets non-zero.
        ["SimpleRnn"] = (3, [new(RuntimeKind.SimpleRnn, 5, RuntimeActivation.Relu), new(RuntimeKind.SimpleRnn, 9)]),
        ["Lstm"] = (2, [new(RuntimeKind.Lstm, 11), new(RuntimeKind.Dense, 3, RuntimeActivation.Sigmoid)]),
        ["PeepholeLstm"] = (4, [new(RuntimeKind.Dense, 6), new(RuntimeKind.Lstm, 13, Peepholes: true), new(RuntimeKind.Lstm, 7, Peepholes: true)]),
        ["Gru"] = (5, [new(RuntimeKind.Gru, 10), new(RuntimeKind.Gru, 9, ResetAfter: false), new(RuntimeKind.Dense, 2)]),
        ["Embedding"] = (0, [new(RuntimeKind.Embedding, 4, VocabularySize: 7), new(RuntimeKind.Lstm, 6), new(RuntimeKind.Dense, 7, RuntimeActivation.Softmax)]),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_parameter_sits_where_the_generated_kernels_read_it(string name)
    {
        (ModelDescriptor runtime, ModelSpec generator) = Both(name);
        Dictionary<string, int> markers = Markers(runtime);
        float[] storage = MarkedStorage(runtime, markers);
        var claimed = new bool[storage.Length];

        Assert.Equal(runtime.StorageLength, generator.StorageLength);
        foreach (LayerModel layer in generator.Layers)
        {
            LayerDescriptor expected = runtime.Layers[layer.Index];
            Assert.Equal(expected.Offset, layer.Offset);
            Assert.Equal(expected.StorageLength, layer.StorageLength);
            foreach (TensorDescriptor tensor in expected.Tensors)
            {
                for (int element = 0; element < tensor.ElementCount; element++)
                {
                    int at = KernelIndex(layer, tensor, element);
                    Assert.True(markers[tensor.Name] + element == storage[at], $"{tensor.Name}[{element}]: the kernels read index {at}, which holds {storage[at]}");
                    claimed[at] = true;
                }
            }
        }

        for (int i = 0; i < storage.Length; i++)
        {
            Assert.True(claimed[i] || storage[i] == 0f, $"index {i} holds {storage[i]} but no kernel offset points there (padding must stay empty)");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void State_and_sizes_agree(string name)
    {
        (ModelDescriptor runtime, ModelSpec generator) = Both(name);

        Assert.Equal(runtime.StateLength, new TrainingPlan(generator).StateLength);
        Assert.Equal(runtime.ParameterCount, generator.ParameterCount);
        Assert.Equal(runtime.Signature, (generator.TokenInput ? "Tokens" : $"Input({generator.InputSize})") + " " + string.Join(" ", generator.Layers.Select(layer => layer.Title)));
    }

    /// <summary>Where a generated kernel reads element <paramref name="element"/> of a PyTorch tensor, using the generator's own offsets.</summary>
    private static int KernelIndex(LayerModel layer, TensorDescriptor tensor, int element)
    {
        int units = layer.Size;
        switch (tensor.Role)
        {
            case TensorRole.EmbeddingTable:
                // StepCore: parameters + Offset + token · Size
                return layer.Offset + element;
            case TensorRole.InputWeights:
            case TensorRole.RecurrentWeights:
            {
                int width = tensor.Role == TensorRole.InputWeights ? layer.InputSize : units;
                int column = (element % width) + (tensor.Role == TensorRole.RecurrentWeights ? layer.InputSize : 0);
                (int gate, int unit) = Math.DivRem(element / width, units);
                // BlockLoops: column = weights + block · ColumnStride · Columns + lane; ColumnLoopEmitter: + c · stride + gate row offset
                return layer.Offset + (unit / BlockLayout.Width * layer.ColumnStride * layer.Columns) + (column * layer.ColumnStride) + GateRowOffset(layer, gate) + (unit % BlockLayout.Width);
            }

            case TensorRole.InputBias:
            case TensorRole.RecurrentBias:
            {
                (int gate, int unit) = Math.DivRem(element, units);
                int start = tensor.Role == TensorRole.InputBias ? layer.InputBiasOffset : layer.HiddenBiasOffset;
                // bias = block · ColumnStride + lane, + gate row offset
                return start + (unit / BlockLayout.Width * layer.ColumnStride) + GateRowOffset(layer, gate) + (unit % BlockLayout.Width);
            }

            default:
            {
                (int row, int unit) = Math.DivRem(element, units);
                int[] rows = [LstmLayout.InputPeepholeOffset, LstmLayout.ForgetPeepholeOffset, LstmLayout.OutputPeepholeOffset];
                return layer.PeepholeOffset + (unit / BlockLayout.Width * LstmLayout.PeepholeStride) + rows[row] + (unit % BlockLayout.Width);
            }
        }
    }

    /// <summary>The named offsets the forward kernel emitter uses for each gate, in PyTorch's gate order.</summary>
    private static int GateRowOffset(LayerModel layer, int gate) => layer.Kind switch
    {
        GeneratorKind.Lstm => new[] { LstmLayout.InputGateOffset, LstmLayout.ForgetGateOffset, LstmLayout.CellGateOffset, LstmLayout.OutputGateOffset }[gate],
        GeneratorKind.Gru => new[] { GruLayout.ResetGateOffset, GruLayout.UpdateGateOffset, GruLayout.CandidateGateOffset }[gate],
        _ => 0,
    };

    /// <summary>Each tensor's first marker: markers count 1, 2, 3, … over all elements of all tensors, so each is distinct and non-zero.</summary>
    private static Dictionary<string, int> Markers(ModelDescriptor runtime)
    {
        var first = new Dictionary<string, int>();
        int next = 1;
        foreach (TensorDescriptor tensor in runtime.Tensors)
        {
            first[tensor.Name] = next;
            next += tensor.ElementCount;
        }

        return first;
    }

    /// <summary>Storage with every tensor element scattered by the runtime as its marker.</summary>
    private static float[] MarkedStorage(ModelDescriptor runtime, Dictionary<string, int> markers)
    {
        float[] storage = new float[runtime.StorageLength];
        foreach (TensorDescriptor tensor in runtime.Tensors)
        {
            tensor.Scatter(Enumerable.Range(markers[tensor.Name], tensor.ElementCount).Select(marker => (float)marker).ToArray(), storage);
        }

        return storage;
    }

    private static (ModelDescriptor Runtime, ModelSpec Generator) Both(string name)
    {
        (int inputSize, LayerSpec[] layers) = Declarations[name];
        var runtime = new ModelDescriptor(inputSize, layers);
        var models = new List<LayerModel>();
        int width = inputSize;
        long offset = 0;
        foreach ((LayerSpec spec, int index) in layers.Select((spec, index) => (spec, index)))
        {
            int input = spec.Kind == RuntimeKind.Embedding ? spec.VocabularySize : width;
            var layer = new LayerModel((GeneratorKind)(int)spec.Kind, index, input, spec.Size, (GeneratorActivation)(int)spec.Activation, spec.Peepholes, spec.ResetAfter, (int)offset);
            models.Add(layer);
            offset += layer.StorageLength;
            width = spec.Size;
        }

        return (runtime, new ModelSpec("Samples", name, EquatableArray<string>.Empty, inputSize, models.ToEquatableArray()));
    }
}
