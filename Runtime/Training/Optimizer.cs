using System;
using System.Collections.Generic;
using RnnCodegen.Serialization;

namespace RnnCodegen;

/// <summary>
/// Updates parameters from their gradients, element by element, the way the matching <c>torch.optim</c> class does.
/// An optimizer belongs to one model: its state (momentum and moment buffers) is sized to that model's parameters
/// on the first <see cref="Step"/>, and later steps allocate nothing.
/// </summary>
public abstract class Optimizer : ICheckpointOptimizer
{
    private readonly string[] _stateNames;
    private float[][] _state = [];
    private int _parameterCount = -1;
    private float _learningRate;

    private protected Optimizer(float learningRate, string[] stateNames)
    {
        CheckHyperparameter(learningRate, nameof(learningRate));
        _learningRate = learningRate;
        _stateNames = stateNames;
    }

    /// <summary>The step size; may be changed between steps (learning-rate schedules).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            CheckHyperparameter(value, nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <summary>Steps taken so far (PyTorch's <c>state['step']</c>); bias corrections count from it.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/> (same length).</summary>
    /// <exception cref="ArgumentException">The lengths differ, or differ from the parameter count of the first step.</exception>
    /// <exception cref="InvalidOperationException"><see cref="StepCount"/> is <see cref="long.MaxValue"/>: one more step would wrap it.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (StepCount == long.MaxValue)
        {
            throw new InvalidOperationException(
                $"The optimizer has taken {StepCount} steps, the most a step count holds; one more would wrap it and the bias corrections computed from it. Nothing was updated.");
        }

        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException($"Expected {parameters.Length} gradients (one per parameter), got {gradients.Length}.", nameof(gradients));
        }

        if (_parameterCount < 0)
        {
            AllocateState(parameters.Length);
        }
        else if (parameters.Length != _parameterCount)
        {
            throw new ArgumentException(
                $"This optimizer's state is sized for {_parameterCount} parameters, got {parameters.Length}. Use one optimizer per model.",
                nameof(parameters));
        }

        StepCount++;
        Update(parameters, gradients, StepCount);
    }

    /// <summary>The names of the state buffers, as PyTorch's optimizer state dict calls them (e.g. <c>exp_avg</c>).</summary>
    internal IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>Floats per state buffer: the parameter count, or 0 before the first step.</summary>
    internal int StateLength => Math.Max(_parameterCount, 0);

    /// <summary>State buffer <paramref name="index"/> (in <see cref="StateNames"/> order), for checkpoints to read or fill.</summary>
    internal Span<float> StateBuffer(int index) => _state[index];

    /// <summary>
    /// Prepares to continue from a checkpoint: zeroed state buffers of <paramref name="parameterCount"/> floats and the
    /// given step count. The caller then fills <see cref="StateBuffer"/>. A <paramref name="parameterCount"/> of 0 is
    /// the state before the first step: none, sized by the next <see cref="Step"/>.
    /// </summary>
    internal void RestoreState(long stepCount, int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        if (parameterCount == 0)
        {
            _state = [];
            _parameterCount = -1;
        }
        else
        {
            AllocateState(parameterCount);
        }

        StepCount = stepCount;
    }

    // Checkpoints reach an optimizer only through ICheckpointOptimizer, so serialization needs no optimizer type.
    string ICheckpointOptimizer.Kind => CheckpointKind;

    IReadOnlyList<string> ICheckpointOptimizer.StateNames => StateNames;

    int ICheckpointOptimizer.StateLength => StateLength;

    KeyValuePair<string, float>[] ICheckpointOptimizer.Hyperparameters() => [new(CheckpointFormat.LearningRate, LearningRate), .. CheckpointSettings()];

    ReadOnlySpan<float> ICheckpointOptimizer.StateBuffer(int index) => StateBuffer(index);

    /// <summary>The kind as a checkpoint names it. Saved checkpoints hold this name, so it never changes.</summary>
    private protected abstract string CheckpointKind { get; }

    /// <summary>
    /// Every setting of the update rule except the learning rate, in a fixed order, named as the keys of PyTorch's
    /// <c>param_groups</c>. A checkpoint resumes only into an optimizer whose settings are all equal.
    /// </summary>
    private protected abstract KeyValuePair<string, float>[] CheckpointSettings();

    /// <summary>Updates the parameters for step number <paramref name="step"/> (1 for the first step).</summary>
    private protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step);

    /// <summary>Throws unless <paramref name="value"/> is finite and not negative, as torch.optim checks its arguments.</summary>
    private protected static void CheckHyperparameter(float value, string name)
    {
        if (!float.IsFinite(value) || value < 0f)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and not negative, was {value}.");
        }
    }

    private void AllocateState(int parameterCount)
    {
        _state = new float[_stateNames.Length][];
        for (int i = 0; i < _state.Length; i++)
        {
            _state[i] = new float[parameterCount];
        }

        _parameterCount = parameterCount;
    }
}
