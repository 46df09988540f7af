using RnnCodegen.Internals;

namespace RnnCodegen.Generator.Model;

/// <summary>
/// One layer as the emitters need it: declaration plus its place in the parameter storage. The storage
/// arithmetic is <see cref="BlockLayout"/>, the same source the runtime's LayerDescriptor compiles.
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
    public bool IsRecurrent => Kind is LayerKind.SimpleRnn or LayerKind.Lstm or LayerKind.Gru;

    public int Gates => Kind switch { LayerKind.Lstm => LstmLayout.Gates, LayerKind.Gru => GruLayout.Gates, _ => 1 };

    public int BlockCount => BlockLayout.Blocks(Size);

    /// <summary>Size rounded up to whole blocks: the length of this layer's output buffers.</summary>
    public int PaddedSize => BlockLayout.Padded(Size);

    /// <summary>Columns of the stored weight matrix: inputs then (for recurrent layers) hidden units.</summary>
    public int Columns => IsRecurrent ? InputSize + Size : InputSize;

    /// <summary>Floats per stored column of one block: one vector per gate.</summary>
    public int ColumnStride => BlockLayout.Stride(Gates);

    public int InputBiasOffset => Offset + (int)BlockLayout.InputBiasOffset(Size, Gates, Columns);

    public int HiddenBiasOffset => Offset + (int)BlockLayout.HiddenBiasOffset(Size, Gates, Columns);

    public int PeepholeOffset => Offset + (int)BlockLayout.PeepholeOffset(Size, Gates, Columns);

    /// <summary>Floats in storage; long, because the parser checks declarations too large for an int with it.</summary>
    public long StorageLength => Kind switch
    {
        LayerKind.Embedding => (long)InputSize * Size,
        LayerKind.Dense => BlockLayout.DenseStorageLength(Size, InputSize),
        _ => BlockLayout.RecurrentStorageLength(Size, Gates, Columns, Peepholes),
    };

    /// <summary>How the declaration reads, e.g. <c>Lstm(32, Peepholes)</c>: the words of the model file's signature.</summary>
    public string Title => Kind switch
    {
        LayerKind.Embedding => LayerTitles.Embedding(InputSize, Size),
        LayerKind.SimpleRnn => LayerTitles.SimpleRnn(Size, Activation.ToString()),
        LayerKind.Lstm => LayerTitles.Lstm(Size, Peepholes),
        LayerKind.Gru => LayerTitles.Gru(Size, ResetAfter),
        _ => LayerTitles.Dense(Size, Activation.ToString()),
    };
}
