using System;

namespace RnnCodegen.Training;

/// <summary>
/// The recurrent state each batch row carries from one training call to the next (truncated BPTT). Double-buffered:
/// a batch reads the start states and writes the end states, which replace the start states only when the update
/// succeeds, so a failed step leaves the carried state as it was.
/// </summary>
internal sealed class CarriedState
{
    private readonly int _stateLength;
    private float[] _start = [];
    private float[] _end = [];
    private int _rows = -1;

    public CarriedState(int stateLength)
    {
        _stateLength = stateLength;
    }

    /// <summary>Prepares a batch of <paramref name="batchSize"/> rows: the same number as before, or any after a reset.</summary>
    /// <exception cref="ArgumentException">The batch size changed without a reset.</exception>
    public void Begin(int batchSize)
    {
        if (_rows >= 0 && batchSize != _rows)
        {
            throw new ArgumentException(
                $"CarryState continues the {_rows} rows of the previous batch, got batchSize {batchSize}. Call ResetState() before changing the batch size.",
                nameof(batchSize));
        }

        int length = batchSize * _stateLength;
        if (_start.Length < length)
        {
            _start = new float[length];
            _end = new float[length];
        }

        _rows = batchSize;
    }

    /// <summary>The state row <paramref name="row"/> starts from.</summary>
    public ReadOnlySpan<float> Start(int row) => _start.AsSpan(row * _stateLength, _stateLength);

    /// <summary>Where row <paramref name="row"/>'s final state goes.</summary>
    public Span<float> End(int row) => _end.AsSpan(row * _stateLength, _stateLength);

    /// <summary>The end states become the next batch's start states.</summary>
    public void Commit() => (_start, _end) = (_end, _start);

    /// <summary>Rows whose state is carried: 0 before the first batch and after a reset, when the next batch may have any size.</summary>
    public int Rows => Math.Max(_rows, 0);

    /// <summary>The states the next batch starts from, <see cref="Rows"/> rows one after another (for checkpoints).</summary>
    public ReadOnlySpan<float> StartStates => _start.AsSpan(0, Rows * _stateLength);

    /// <summary>Continues from saved <see cref="StartStates"/> of <paramref name="rows"/> rows; 0 rows is the state after <see cref="Reset"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="startStates"/> does not hold <paramref name="rows"/> states.</exception>
    public void Restore(int rows, ReadOnlySpan<float> startStates)
    {
        if (startStates.Length != (long)rows * _stateLength)
        {
            throw new ArgumentException($"Expected {rows} rows × {_stateLength} state floats, got {startStates.Length}.", nameof(startStates));
        }

        Reset();
        if (rows > 0)
        {
            Begin(rows);
            startStates.CopyTo(_start);
        }
    }

    /// <summary>Zero states for every row; the next batch may have any size.</summary>
    public void Reset()
    {
        Array.Clear(_start);
        _rows = -1;
    }
}
