using System;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The baseline: one recurrent layer and a linear Dense head as a C# developer writes them by hand, with plain loops
/// over PyTorch-layout arrays (bounds-checked indexing, <see cref="MathF"/>, no SIMD). <typeparamref name="TCell"/>
/// only chooses the gate equations.
/// </summary>
/// <typeparam name="TCell">The recurrent kind.</typeparam>
public sealed class NaiveModel<TCell> : IStepModel
    where TCell : struct, INaiveCell
{
    private readonly PyTorchWeights _weights;
    private readonly float[] _hidden;
    private readonly float[] _cell;
    private readonly float[] _fromInput;
    private readonly float[] _fromHidden;

    /// <summary>Creates the model with the given weights and a zero state.</summary>
    public NaiveModel(PyTorchWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights;
        _hidden = new float[weights.HiddenSize];
        _cell = new float[weights.HiddenSize];
        _fromInput = new float[TCell.Gates * weights.HiddenSize];
        _fromHidden = new float[TCell.Gates * weights.HiddenSize];
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        // the two products stay apart because GRU's candidate gate scales only the recurrent one by r
        NaiveMath.Affine(_weights.InputWeights, _weights.InputBias, input, _fromInput);
        NaiveMath.Affine(_weights.RecurrentWeights, _weights.RecurrentBias, _hidden, _fromHidden);
        TCell.Update(_fromInput, _fromHidden, _hidden, _cell);
        NaiveMath.Affine(_weights.HeadWeights, _weights.HeadBias, _hidden, output);
    }

    /// <summary>Runs a whole sequence from the zero state: T steps of inputs, T steps of outputs.</summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        Reset();
        int steps = inputs.Length / _weights.InputSize;
        for (int t = 0; t < steps; t++)
        {
            Step(inputs.Slice(t * _weights.InputSize, _weights.InputSize), outputs.Slice(t * _weights.OutputSize, _weights.OutputSize));
        }
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_hidden);
        Array.Clear(_cell);
    }
}

/// <summary>Builds the naive twin of a generated model.</summary>
public static class NaiveModel
{
    /// <summary>A naive model with the weights held in a generated model's <paramref name="storage"/>.</summary>
    /// <exception cref="NotSupportedException">The model is not one recurrent layer (LSTM without peepholes, reset-after GRU or tanh SimpleRnn) and a linear Dense head.</exception>
    public static IStepModel Create(ModelDescriptor descriptor, ReadOnlySpan<float> storage)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Layers.Count != 2 || descriptor.Layers[1] is not { Kind: LayerKind.Dense, Activation: Activation.Linear })
        {
            throw Unsupported(descriptor);
        }

        var weights = new PyTorchWeights(descriptor, storage);
        return descriptor.Layers[0] switch
        {
            { Kind: LayerKind.Lstm, Peepholes: false } => new NaiveModel<NaiveLstmCell>(weights),
            { Kind: LayerKind.Gru, ResetAfter: true } => new NaiveModel<NaiveGruCell>(weights),
            { Kind: LayerKind.SimpleRnn, Activation: Activation.Tanh } => new NaiveModel<NaiveSimpleRnnCell>(weights),
            _ => throw Unsupported(descriptor),
        };
    }

    private static NotSupportedException Unsupported(ModelDescriptor descriptor) => new(
        $"The naive reference computes one recurrent layer (LSTM without peepholes, reset-after GRU or tanh SimpleRnn) "
        + $"followed by a linear Dense layer; {descriptor.Signature} is not that.");
}
