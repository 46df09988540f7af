namespace RnnCodegen.Generator.Model;

/// <summary>
/// One layer as the emitters need it: declaration plus its place in the parameter storage. The storage
/// formulas mirror RnnCodegen.Layout.LayerDescriptor; the PyTorch parity tests prove the two agree.
/// </summary>
internal sealed record LayerModel(
    LayerKind Kind,
    int Index,
    int InputSize,
    int Size,
    Activation Activation,
    bool Peepholes,
    bool ResetAfter,
    int Offset)
{
    /// <summary>Rows per weight block: the Vector256 width in floats.</summary>
    public const int BlockWidth = 8;

    public bool IsRecurrent => Kind is LayerKind.SimpleRnn or LayerKind.Lstm or LayerKind.Gru;

    public int Gates => Kind switch { LayerKind.Lstm => 4, LayerKind.Gru => 3, _ => 1 };

    public int BlockCount => (Size + BlockWidth - 1) / BlockWidth;

    /// <summary>Size rounded up to whole blocks: the length of this layer's output buffers.</summary>
    public int PaddedSize => BlockCount * BlockWidth;

    /// <summary>Columns of the stored weight matrix: inputs then (for recurrent layers) hidden units.</summary>
    public int Columns => IsRecurrent ? InputSize + Size : InputSize;

    /// <summary>Floats per stored column of one block: one 8-float vector per gate.</summary>
    public int ColumnStride => Gates * BlockWidth;

    public int InputBiasOffset => Offset + (BlockCount * ColumnStride * Columns);

    public int HiddenBiasOffset => InputBiasOffset + (BlockCount * ColumnStride);

    public int PeepholeOffset => HiddenBiasOffset + (BlockCount * ColumnStride);

    public long StorageLength => Kind switch
    {
        LayerKind.Embedding => (long)InputSize * Size,
        LayerKind.Dense => (long)PaddedSize * (Columns + 1),
        _ => (long)PaddedSize * ((Gates * (long)Columns) + (2 * Gates) + (Peepholes ? 3 : 0)),
    };

    /// <summary>How the declaration reads, e.g. <c>Lstm(32, Peepholes)</c>; used in comments.</summary>
    public string Title => Kind switch
    {
        LayerKind.Embedding => $"Embedding({InputSize}, {Size})",
        LayerKind.SimpleRnn => $"SimpleRnn({Size}, {Activation})",
        LayerKind.Lstm => Peepholes ? $"Lstm({Size}, Peepholes)" : $"Lstm({Size})",
        LayerKind.Gru => ResetAfter ? $"Gru({Size})" : $"Gru({Size}, ResetAfter = false)",
        _ => $"Dense({Size}, {Activation})",
    };
}
