using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// The shape of one layer's blocked weight matrix (see <see cref="Layout.LayerDescriptor"/>): blocks of 8 units,
/// each stored column by column with one 8-float vector per gate. Generated code creates it from constants, so
/// after inlining every derived size below is a constant too.
/// </summary>
/// <param name="inputs">Input columns (K).</param>
/// <param name="units">Hidden units or outputs (H).</param>
/// <param name="gates">Gate rows per unit (G).</param>
/// <param name="recurrent">True when the matrix also has H recurrent columns after the K input columns.</param>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[method: MethodImpl(MethodImplOptions.AggressiveInlining)]
public readonly struct BlockShape(int inputs, int units, int gates, bool recurrent)
{
    /// <summary>Floats per block row: the Vector256 width.</summary>
    public const int Width = BlockLayout.Width;

    /// <summary>Input columns (K).</summary>
    public int Inputs { get; } = inputs;

    /// <summary>Hidden units or outputs (H).</summary>
    public int Units { get; } = units;

    /// <summary>Gate rows per unit (G).</summary>
    public int Gates { get; } = gates;

    /// <summary>Blocks of 8 units.</summary>
    public int Blocks => BlockLayout.Blocks(Units);

    /// <summary>Units rounded up to whole blocks.</summary>
    public int PaddedUnits => BlockLayout.Padded(Units);

    /// <summary>Stored columns: K (+ H when recurrent).</summary>
    public int Columns { get; } = recurrent ? inputs + units : inputs;

    /// <summary>Floats per stored column of one block.</summary>
    public int Stride => BlockLayout.Stride(Gates);

    /// <summary>Offset of the input bias from the layer's start; the hidden bias follows it, then the peepholes.</summary>
    public int InputBiasOffset => (int)BlockLayout.InputBiasOffset(Units, Gates, Columns);

    /// <summary>Offset of the hidden bias from the layer's start.</summary>
    public int HiddenBiasOffset => (int)BlockLayout.HiddenBiasOffset(Units, Gates, Columns);

    /// <summary>Offset of an LSTM's peepholes from the layer's start.</summary>
    public int PeepholeOffset => (int)BlockLayout.PeepholeOffset(Units, Gates, Columns);
}
