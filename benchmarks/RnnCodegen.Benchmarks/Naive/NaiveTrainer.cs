using System;
using System.Collections.Generic;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The training baseline: what a C# developer writes by hand for one recurrent layer and a linear Dense head. Per
/// sequence a forward pass that keeps every step's state, the MSE loss, backpropagation through time with plain loops,
/// then one Adam update; PyTorch-layout float[] weights, single-threaded, no SIMD. Only the recurrent kind is generic
/// (<see cref="NaiveTrainer{TCell}"/>).
/// </summary>
public abstract class NaiveTrainer : IBatchTrainer
{
    private readonly NaiveTensor[] _tensors;
    private readonly NaiveAdam _optimizer = new(TrainingSettings.LearningRate);

    private protected NaiveTrainer(NaiveTensor[] tensors, int outputSize, int maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        _tensors = tensors;
        OutputSize = outputSize;
        MaxSteps = maxSteps;
    }

    /// <summary>Every parameter tensor, with its PyTorch name, values and last gradient.</summary>
    public IReadOnlyList<NaiveTensor> Tensors => _tensors;

    /// <summary>O: outputs per step.</summary>
    private protected int OutputSize { get; }

    /// <summary>The longest sequence the tape holds.</summary>
    private protected int MaxSteps { get; }

    /// <summary>A naive trainer that starts from the weights held in a generated model's <paramref name="storage"/>.</summary>
    /// <param name="descriptor">The generated model's layout.</param>
    /// <param name="storage">The generated model's parameters.</param>
    /// <param name="maxSteps">The longest sequence it will train on: its tape is sized for it up front.</param>
    /// <exception cref="NotSupportedException">The model is not one LSTM (without peepholes) or reset-after GRU layer and a linear Dense head.</exception>
    public static NaiveTrainer Create(ModelDescriptor descriptor, ReadOnlySpan<float> storage, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Layers.Count != 2 || descriptor.Layers[1] is not { Kind: LayerKind.Dense, Activation: Activation.Linear })
        {
            throw Unsupported(descriptor);
        }

        return descriptor.Layers[0] switch
        {
            { Kind: LayerKind.Lstm, Peepholes: false } => new NaiveTrainer<NaiveLstmTrainableCell>(descriptor, storage, maxSteps),
            { Kind: LayerKind.Gru, ResetAfter: true } => new NaiveTrainer<NaiveGruTrainableCell>(descriptor, storage, maxSteps),
            _ => throw Unsupported(descriptor),
        };
    }

    /// <inheritdoc/>
    public float TrainBatch(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Steps > MaxSteps)
        {
            throw new ArgumentException($"The batch has {batch.Steps} steps per sequence; this trainer holds at most {MaxSteps}.", nameof(batch));
        }

        foreach (NaiveTensor tensor in _tensors)
        {
            Array.Clear(tensor.Gradient);
        }

        // nn.MSELoss: the mean over batch · time · outputs, so each squared error weighs 1 / count
        float scale = 1f / (batch.BatchSize * batch.Steps * OutputSize);
        double squaredErrors = 0;
        for (int row = 0; row < batch.BatchSize; row++)
        {
            squaredErrors += AddSequenceGradients(batch, row, scale);
        }

        _optimizer.Step(_tensors);
        return (float)(squaredErrors * scale);
    }

    /// <summary>
    /// Runs sequence <paramref name="row"/> forward and backward, adds its gradients (each squared error weighted by
    /// <paramref name="scale"/>) into the tensors' gradients, and returns its summed squared error.
    /// </summary>
    private protected abstract double AddSequenceGradients(TrainingBatch batch, int row, float scale);

    private static NotSupportedException Unsupported(ModelDescriptor descriptor) => new(
        $"The naive trainer handles one recurrent layer (LSTM without peepholes or reset-after GRU) followed by a linear "
        + $"Dense layer; {descriptor.Signature} is not that.");
}
