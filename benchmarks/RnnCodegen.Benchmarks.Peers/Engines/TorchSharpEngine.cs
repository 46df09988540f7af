using System;
using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Layout;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>
/// TorchSharp (LibTorch, CPU) running nn.LSTM then nn.Linear on one thread, batch-first, without autograd: what a
/// .NET user of TorchSharp writes. The weights are copied out of the generated model in PyTorch's layout.
/// </summary>
public sealed class TorchSharpEngine : IEngine
{
    private readonly LSTM _lstm;
    private readonly Linear _head;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly Tensor _input;
    private Tensor _hidden;
    private Tensor _cell;

    /// <summary>Builds the modules for <paramref name="descriptor"/> and copies every tensor out of <paramref name="parameters"/>.</summary>
    public TorchSharpEngine(ModelDescriptor descriptor, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        // Batch 1 and a few thousand multiply-adds per step: more threads only add hand-over cost, and the
        // generated model runs on one thread too.
        torch.set_num_threads(1);
        int hiddenSize = descriptor.Layers[0].Size;
        _inputSize = descriptor.InputSize;
        _outputSize = descriptor.OutputSize;
        _lstm = nn.LSTM(_inputSize, hiddenSize, batchFirst: true);
        _head = nn.Linear(hiddenSize, _outputSize);
        _lstm.eval();
        _head.eval();
        CopyWeights(descriptor, parameters);
        _input = zeros(1, 1, _inputSize);
        _hidden = zeros(1, 1, hiddenSize);
        _cell = zeros(1, 1, hiddenSize);
    }

    /// <inheritdoc/>
    public string Name => "TorchSharp";

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Write(_input, input);
        (Tensor sequence, Tensor hidden, Tensor cell) = _lstm.forward(_input, (_hidden, _cell));
        Read(_head.forward(sequence), output);
        _hidden.Dispose();
        _cell.Dispose();
        _hidden = hidden.MoveToOuterDisposeScope();
        _cell = cell.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor sequenceInput = zeros(1, inputs.Length / _inputSize, _inputSize);
        Write(sequenceInput, inputs);
        (Tensor sequence, _, _) = _lstm.forward(sequenceInput);
        Read(_head.forward(sequence), outputs);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        using var noGrad = no_grad();
        _hidden.zero_();
        _cell.zero_();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _input.Dispose();
        _hidden.Dispose();
        _cell.Dispose();
        _lstm.Dispose();
        _head.Dispose();
    }

    // The descriptor names tensors as an nn.ModuleList called `layers` holding the LSTM (0) and the Linear (1).
    private void CopyWeights(ModelDescriptor descriptor, ReadOnlySpan<float> parameters)
    {
        Dictionary<string, Parameter> targets = _lstm.named_parameters().Select(p => ("layers.0." + p.name, p.parameter))
            .Concat(_head.named_parameters().Select(p => ("layers.1." + p.name, p.parameter)))
            .ToDictionary(p => p.Item1, p => p.Item2);
        if (targets.Count != descriptor.Tensors.Count)
        {
            throw new InvalidOperationException(
                $"TorchSharp's modules have {targets.Count} parameters, {descriptor.Signature} has {descriptor.Tensors.Count} tensors.");
        }

        using var noGrad = no_grad();
        foreach (TensorDescriptor tensor in descriptor.Tensors)
        {
            if (!targets.TryGetValue(tensor.Name, out Parameter? target))
            {
                throw new InvalidOperationException($"TorchSharp's modules have no parameter {tensor.Name}.");
            }

            var values = new float[tensor.ElementCount];
            tensor.Gather(parameters, values);
            using Tensor source = torch.tensor(values, tensor.Shape.Select(size => (long)size).ToArray());
            target.copy_(source);
        }
    }

    private static void Write(Tensor tensor, ReadOnlySpan<float> values)
    {
        using TensorAccessor<float> data = tensor.data<float>();
        data.CopyFrom(values);
    }

    private static void Read(Tensor tensor, Span<float> values)
    {
        using TensorAccessor<float> data = tensor.data<float>();
        data.CopyTo(values);
    }
}
