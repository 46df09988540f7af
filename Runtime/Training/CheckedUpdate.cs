using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RnnCodegen.Training;

/// <summary>
/// An optimizer step that keeps what it changes finite or undoes itself: before the step it copies the parameters and
/// the optimizer's state aside; after it, it checks both; on a NaN or infinity it puts the copies and the step count
/// back. A finite gradient can still overflow an update (a huge learning rate, a moment estimate past float's range),
/// and a model whose parameters are NaN would otherwise be reported as trained.
/// </summary>
/// <remarks>
/// The copies are buffers of this object, sized on the first step, so later steps allocate nothing. The extra work is
/// two passes over the parameters and the state (a copy, a check), next to a batch's forward and backward passes.
/// </remarks>
internal sealed class CheckedUpdate
{
    private float[] _parameters = [];
    private float[][] _state = [];
    private long _stepCount;
    private int _stateLength;

    /// <summary>
    /// Copies the parameters, the optimizer's state and its step count aside. Call it right before
    /// <see cref="StepOrUndo"/>; it only reads what the trainer's own thread writes, so it needs no lock.
    /// </summary>
    public void Keep(Optimizer optimizer, ReadOnlySpan<float> parameters)
    {
        _stepCount = optimizer.StepCount;
        _stateLength = optimizer.StateLength;
        if (_parameters.Length != parameters.Length)
        {
            _parameters = new float[parameters.Length];
        }

        parameters.CopyTo(_parameters);
        if (_state.Length != optimizer.StateNames.Count)
        {
            _state = new float[optimizer.StateNames.Count][];
        }

        for (int i = 0; i < _state.Length && _stateLength > 0; i++)
        {
            if (_state[i]?.Length != _stateLength)
            {
                _state[i] = new float[_stateLength];
            }

            optimizer.StateBuffer(i).CopyTo(_state[i]);
        }
    }

    /// <summary>
    /// Runs <paramref name="optimizer"/>'s step. Returns null when every parameter and state value is finite after it;
    /// otherwise restores what <see cref="Keep"/> copied and returns the name of what became non-finite.
    /// </summary>
    public string? StepOrUndo(Optimizer optimizer, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        optimizer.Step(parameters, gradients);
        string? broken = FirstNonFinite(optimizer, parameters);
        if (broken is not null)
        {
            Undo(optimizer, parameters);
        }

        return broken;
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        // x - x is 0 for every finite x and NaN for NaN and ±∞; NaN survives the sum, so one compare at the end decides.
        ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<float> sum = Vector<float>.Zero;
        foreach (Vector<float> vector in vectors)
        {
            sum += vector - vector;
        }

        float tail = 0f;
        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            tail += values[i] - values[i];
        }

        return Vector.EqualsAll(sum, Vector<float>.Zero) && tail == 0f;
    }

    private static string? FirstNonFinite(Optimizer optimizer, ReadOnlySpan<float> parameters)
    {
        if (!AllFinite(parameters))
        {
            return "parameter";
        }

        for (int i = 0; i < optimizer.StateNames.Count; i++)
        {
            if (!AllFinite(optimizer.StateBuffer(i)))
            {
                return $"optimizer state '{optimizer.StateNames[i]}'";
            }
        }

        return null;
    }

    /// <summary>The failure path: may allocate (a first step's state goes back to none).</summary>
    private void Undo(Optimizer optimizer, Span<float> parameters)
    {
        _parameters.CopyTo(parameters);
        optimizer.RestoreState(_stepCount, _stateLength);
        for (int i = 0; i < _state.Length && _stateLength > 0; i++)
        {
            _state[i].CopyTo(optimizer.StateBuffer(i));
        }
    }
}
