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

    /// <summary>
    /// Runs <paramref name="optimizer"/>'s step. Returns null when every parameter and state value is finite after it;
    /// otherwise restores the parameters, the state and the step count and returns the name of what became non-finite.
    /// </summary>
    public string? TryStep(Optimizer optimizer, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        long stepCount = optimizer.StepCount;
        int stateLength = optimizer.StateLength;
        Keep(optimizer, parameters, stateLength);
        optimizer.Step(parameters, gradients);
        string? broken = FirstNonFinite(optimizer, parameters);
        if (broken is not null)
        {
            Undo(optimizer, parameters, stepCount, stateLength);
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

    private void Keep(Optimizer optimizer, ReadOnlySpan<float> parameters, int stateLength)
    {
        if (_parameters.Length != parameters.Length)
        {
            _parameters = new float[parameters.Length];
        }

        parameters.CopyTo(_parameters);
        if (_state.Length != optimizer.StateNames.Count)
        {
            _state = new float[optimizer.StateNames.Count][];
        }

        for (int i = 0; i < _state.Length && stateLength > 0; i++)
        {
            if (_state[i]?.Length != stateLength)
            {
                _state[i] = new float[stateLength];
            }

            optimizer.StateBuffer(i).CopyTo(_state[i]);
        }
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
    private void Undo(Optimizer optimizer, Span<float> parameters, long stepCount, int stateLength)
    {
        _parameters.CopyTo(parameters);
        optimizer.RestoreState(stepCount, stateLength);
        for (int i = 0; i < _state.Length && stateLength > 0; i++)
        {
            _state[i].CopyTo(optimizer.StateBuffer(i));
        }
    }
}
