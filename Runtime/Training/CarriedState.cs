using System;

namespace RnnCodegen.Training;

/// <summary>
/// The recurrent state each batch row carries from one training call to the next (truncated BPTT). Double-buffered:
/// a batch reads the start states and writes the end states, which replace the start states (and its row count the
/// carried row count) only when the update succeeds, so a failed step leaves the carried state as it was.
/// </summary>
internal sealed class CarriedState
{
    private readonly int _stateLength;
    private float[] _start = [];
    private float[] _end = [];
    private int _rows = -1;

    // The rows of the batch in progress: they become _rows only on Commit, so a refused batch changes nothing.
    private int _batchRows;

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

        long length = (long)batchSize * _stateLength;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize), batchSize, $"CarryState keeps {_stateLength} state floats per row: batchSize {batchSize} needs {length}, more than an array holds ({Array.MaxLength}).");
        }

        if (_start.Length < length)
        {
            _start = new float[length];
            _end = new float[length];
        }

        _batchRows = batchSize;
    }

    /// <summary>The states rows <paramref name="row"/> … <paramref name="row"/> + <paramref name="count"/> − 1 start from, row after row.</summary>
    public ReadOnlySpan<float> Start(int row, int count) => _start.AsSpan(row * _stateLength, count * _stateLength);

    /// <summary>Where the final states of rows <paramref name="row"/> … <paramref name="row"/> + <paramref name="count"/> − 1 go.</summary>
    public Span<float> End(int row, int count) => _end.AsSpan(row * _stateLength, count * _stateLength);

    /// <summary>The end states become the next batch's start states, and the batch's row count the one to continue.</summary>
    public void Commit()
    {
        (_start, _end) = (_end, _start);
        _rows = _batchRows;
    }

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
            _rows = rows;
        }
    }

    /// <summary>Zero states for every row; the next batch may have any size.</summary>
    public void Reset()
    {
        Array.Clear(_start);
        _rows = -1;
    }
}
