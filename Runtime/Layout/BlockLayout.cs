namespace RnnCodegen.Internals;

/// <summary>
/// The blocked parameter layout, written once. This file is compiled into the runtime and, linked, into the
/// netstandard2.0 generator, so the kernels the generator writes and the runtime's descriptors, backward kernels
/// and serialization address the same places. Plain integer arithmetic only: it must compile for both.
/// </summary>
/// <remarks>
/// A layer with G gate rows, H units and C stored columns keeps its weights per block of <see cref="Width"/> units,
/// column by column, gate by gate: element (gate g, unit u, column c) at ((u / Width)·C + c)·Width·G + Width·g + u % Width.
/// Biases, peepholes, recorded gates and backward deltas use the same (block, gate, unit) order without the columns.
/// Lengths and offsets of whole layers are long: the generator checks declarations too large for an int with them.
/// </remarks>
internal static class BlockLayout
{
    /// <summary>Units per block: one Vector256 of floats. Vector128 and scalar paths walk a block in 2 or 8 steps.</summary>
    public const int Width = 8;

    /// <summary>Blocks that hold <paramref name="units"/> units; the last one is padded with zeros.</summary>
    public static int Blocks(int units) => (int)(((long)units + Width - 1) / Width); // in long: units near int.MaxValue must not wrap

    /// <summary><paramref name="units"/> rounded up to whole blocks: the length of every per-unit vector.</summary>
    public static int Padded(int units) => Blocks(units) * Width;

    /// <summary>Floats per stored column of one block (and per block of biases): one vector per gate row.</summary>
    public static int Stride(int gates) => gates * Width;

    /// <summary>Where gate row <paramref name="gate"/> starts inside a block column, a bias block, a tape gate block or a delta block.</summary>
    public static int GateOffset(int gate) => gate * Width;

    /// <summary>Floats of the weight matrix: every block, every column, every gate.</summary>
    public static long WeightsLength(int units, int gates, long columns) => (long)Blocks(units) * Stride(gates) * columns;

    /// <summary>Floats of one bias vector (or one peephole row set) in blocked order.</summary>
    public static long BiasLength(int units, int gates) => (long)Blocks(units) * Stride(gates);

    /// <summary>Offset of bias_ih from the layer's start: right after the weights.</summary>
    public static long InputBiasOffset(int units, int gates, long columns) => WeightsLength(units, gates, columns);

    /// <summary>Offset of bias_hh from the layer's start: right after bias_ih.</summary>
    public static long HiddenBiasOffset(int units, int gates, long columns) => InputBiasOffset(units, gates, columns) + BiasLength(units, gates);

    /// <summary>Offset of an LSTM's peepholes from the layer's start: right after bias_hh.</summary>
    public static long PeepholeOffset(int units, int gates, long columns) => HiddenBiasOffset(units, gates, columns) + BiasLength(units, gates);

    /// <summary>Floats a recurrent layer stores: weights, two biases, and the peepholes if it has them.</summary>
    public static long RecurrentStorageLength(int units, int gates, long columns, bool peepholes) =>
        PeepholeOffset(units, gates, columns) + (peepholes ? BiasLength(units, LstmLayout.PeepholeRows) : 0);

    /// <summary>Floats a Dense layer stores: one gate row of weights, then its bias.</summary>
    public static long DenseStorageLength(int outputs, long inputs) => WeightsLength(outputs, 1, inputs) + ((long)Blocks(outputs) * Width);

    /// <summary>Offset of weight (gate, unit, column) from the layer's start.</summary>
    public static int WeightIndex(int gate, int unit, int column, int gates, int columns) =>
        ((unit / Width * columns) + column) * Stride(gates) + GateOffset(gate) + unit % Width;

    /// <summary>Offset of element (row, unit) within a blocked vector set with <paramref name="rows"/> rows (biases, peepholes).</summary>
    public static int VectorIndex(int row, int unit, int rows) => unit / Width * Stride(rows) + GateOffset(row) + unit % Width;
}

/// <summary>An LSTM's gate rows (PyTorch's order i, f, g, o), peephole rows and what it records per step.</summary>
internal static class LstmLayout
{
    public const int Gates = 4;

    /// <summary>Floats per block column, bias block or recorded gate block.</summary>
    public const int Stride = Gates * BlockLayout.Width;

    public const int InputGateOffset = 0 * BlockLayout.Width;
    public const int ForgetGateOffset = 1 * BlockLayout.Width;
    public const int CellGateOffset = 2 * BlockLayout.Width;
    public const int OutputGateOffset = 3 * BlockLayout.Width;

    /// <summary>Peephole rows (i, f, o): g has none.</summary>
    public const int PeepholeRows = 3;

    /// <summary>Floats per block of peepholes.</summary>
    public const int PeepholeStride = PeepholeRows * BlockLayout.Width;

    public const int InputPeepholeOffset = 0 * BlockLayout.Width;
    public const int ForgetPeepholeOffset = 1 * BlockLayout.Width;
    public const int OutputPeepholeOffset = 2 * BlockLayout.Width;

    /// <summary>Per-unit vectors of recurrent state: h and c.</summary>
    public const int StateVectors = 2;
}

/// <summary>A GRU's gate rows (PyTorch's order r, z, n) and the work a reset-before GRU keeps per step.</summary>
internal static class GruLayout
{
    public const int Gates = 3;

    /// <summary>Floats per block column, bias block or recorded gate block.</summary>
    public const int Stride = Gates * BlockLayout.Width;

    /// <summary>Gate row indices, for kernels that treat a range of gates alike.</summary>
    public const int ResetGate = 0;
    public const int UpdateGate = 1;
    public const int CandidateGate = 2;

    public const int ResetGateOffset = ResetGate * BlockLayout.Width;
    public const int UpdateGateOffset = UpdateGate * BlockLayout.Width;
    public const int CandidateGateOffset = CandidateGate * BlockLayout.Width;

    /// <summary>Per-unit vectors a reset-before GRU keeps between its two passes: r ⊙ h₋₁, z, and W_in x + b_in.</summary>
    public const int ResetBeforeWorkVectors = 3;
}
