using System;
using System.Collections.Generic;
using RnnCodegen.Internals;

namespace RnnCodegen.Layout;

/// <summary>
/// One declared layer and where its parameters live in the model's flat parameter storage.
/// </summary>
/// <remarks>
/// Storage layout (computed by <see cref="BlockLayout"/>, the source the generator compiles too; <see cref="BlockWidth"/> = 8):
/// <list type="bullet">
/// <item>Recurrent layers with G gates (SimpleRnn 1; LSTM 4, i f g o; GRU 3, r z n), input K, hidden H:
/// the input and recurrent weights form one matrix with K + H columns, stored per block of 8 hidden units,
/// column by column, gate by gate: element (g, u, c) at ((u / 8)·(K + H) + c)·8G + 8g + u % 8.
/// Then bias_ih and bias_hh, each per block of 8 units gate by gate: (u / 8)·8G + 8g + u % 8.
/// A peephole LSTM then stores its (i, f, o) peephole weights the same way with 3 rows.</item>
/// <item>Dense with K inputs and O outputs: weights per block of 8 outputs, column by column:
/// ((o / 8)·K + c)·8 + o % 8; then the bias, padded to whole blocks.</item>
/// <item>Embedding: the [V, E] table row by row, as PyTorch stores it.</item>
/// </list>
/// Units beyond H (or O) in the last block are padding: their weights stay zero, so their hidden values
/// and gradients stay zero too.
/// </remarks>
public sealed class LayerDescriptor
{
    /// <summary>Rows per weight block: the Vector256 width in floats.</summary>
    public const int BlockWidth = BlockLayout.Width;

    private LayerDescriptor(LayerKind kind, int index, int inputSize, int size, Activation activation, bool peepholes, bool resetAfter, int offset)
    {
        Kind = kind;
        Index = index;
        InputSize = inputSize;
        Size = size;
        Activation = activation;
        Peepholes = peepholes;
        ResetAfter = resetAfter;
        Offset = offset;

        // In long: the sizes are the caller's, and an int product could wrap to a small storage the kernels overrun.
        long columns = IsRecurrent ? (long)inputSize + size : inputSize;
        long storage = Kind switch
        {
            LayerKind.Embedding => (long)InputSize * Size,
            LayerKind.Dense => BlockLayout.DenseStorageLength(Size, columns),
            _ => BlockLayout.RecurrentStorageLength(Size, Gates, columns, Peepholes),
        };
        if (offset + storage > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size), size, $"Layer {index} ({Signature}) needs {storage} floats of storage after the {offset} before it, more than an array holds ({Array.MaxLength}).");
        }

        StorageLength = (int)storage;
        Tensors = BuildTensors();
    }

    /// <summary>Creates the descriptor of layer <paramref name="index"/> whose storage starts at <paramref name="offset"/>.</summary>
    /// <param name="kind">The layer kind.</param>
    /// <param name="index">Position among the model's layer attributes (k in PyTorch's <c>layers.{k}</c>).</param>
    /// <param name="inputSize">Inputs per step; for an Embedding, the vocabulary size.</param>
    /// <param name="size">Hidden units, outputs, or the embedding size.</param>
    /// <param name="activation">Activation of SimpleRnn and Dense layers (ignored by the others).</param>
    /// <param name="peepholes">LSTM peephole connections.</param>
    /// <param name="resetAfter">GRU reset-after form.</param>
    /// <param name="offset">First index of the layer in the parameter storage.</param>
    public static LayerDescriptor Create(LayerKind kind, int index, int inputSize, int size, Activation activation, bool peepholes, bool resetAfter, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new LayerDescriptor(kind, index, inputSize, size, activation, peepholes && kind == LayerKind.Lstm, resetAfter || kind != LayerKind.Gru, offset);
    }

    /// <summary>The layer kind.</summary>
    public LayerKind Kind { get; }

    /// <summary>Position among the model's layer attributes (k in <c>layers.{k}</c>).</summary>
    public int Index { get; }

    /// <summary>Inputs per step (K); for an Embedding, the vocabulary size.</summary>
    public int InputSize { get; }

    /// <summary>Hidden units, outputs, or the embedding size.</summary>
    public int Size { get; }

    /// <summary>Activation of SimpleRnn and Dense layers.</summary>
    public Activation Activation { get; }

    /// <summary>True for a peephole LSTM.</summary>
    public bool Peepholes { get; }

    /// <summary>False only for a reset-before GRU.</summary>
    public bool ResetAfter { get; }

    /// <summary>First index of the layer in the parameter storage.</summary>
    public int Offset { get; }

    /// <summary>Floats the layer occupies in the parameter storage, padding included.</summary>
    public int StorageLength { get; }

    /// <summary>Gate rows per unit: 4 for LSTM, 3 for GRU, 1 otherwise.</summary>
    public int Gates => Kind switch { LayerKind.Lstm => LstmLayout.Gates, LayerKind.Gru => GruLayout.Gates, _ => 1 };

    /// <summary>True for SimpleRnn, LSTM and GRU.</summary>
    public bool IsRecurrent => Kind is LayerKind.SimpleRnn or LayerKind.Lstm or LayerKind.Gru;

    /// <summary>Blocks of <see cref="BlockWidth"/> units (or outputs).</summary>
    public int BlockCount => BlockLayout.Blocks(Size);

    /// <summary>Columns of the stored weight matrix: K + H for recurrent layers, K for Dense.</summary>
    public int Columns => IsRecurrent ? InputSize + Size : InputSize;

    /// <summary>The layer's tensors in PyTorch's names, shapes and order.</summary>
    public IReadOnlyList<TensorDescriptor> Tensors { get; }

    /// <summary>Number of real (unpadded) parameters, as PyTorch counts them.</summary>
    public int ParameterCount
    {
        get
        {
            int count = 0;
            foreach (TensorDescriptor tensor in Tensors)
            {
                count += tensor.ElementCount;
            }

            return count;
        }
    }

    /// <summary>A short text that identifies the layer's kind, sizes and variant, e.g. <c>Lstm(32, Peepholes)</c>.</summary>
    public string Signature => Kind switch
    {
        LayerKind.Embedding => LayerTitles.Embedding(InputSize, Size),
        LayerKind.SimpleRnn => LayerTitles.SimpleRnn(Size, Activation.ToString()),
        LayerKind.Lstm => LayerTitles.Lstm(Size, Peepholes),
        LayerKind.Gru => LayerTitles.Gru(Size, ResetAfter),
        _ => LayerTitles.Dense(Size, Activation.ToString()),
    };

    private TensorDescriptor[] BuildTensors()
    {
        string prefix = $"layers.{Index}.";
        int rows = Gates * Size;
        return Kind switch
        {
            LayerKind.Embedding => [new TensorDescriptor(prefix + "weight", [InputSize, Size], TensorRole.EmbeddingTable, this)],
            LayerKind.Dense =>
            [
                new TensorDescriptor(prefix + "weight", [Size, InputSize], TensorRole.InputWeights, this),
                new TensorDescriptor(prefix + "bias", [Size], TensorRole.InputBias, this),
            ],
            _ => Peepholes
                ? [.. RecurrentTensors(prefix, rows), new TensorDescriptor(prefix + "weight_peephole_l0", [LstmLayout.PeepholeRows, Size], TensorRole.Peepholes, this)]
                : RecurrentTensors(prefix, rows),
        };
    }

    private TensorDescriptor[] RecurrentTensors(string prefix, int rows) =>
    [
        new TensorDescriptor(prefix + "weight_ih_l0", [rows, InputSize], TensorRole.InputWeights, this),
        new TensorDescriptor(prefix + "weight_hh_l0", [rows, Size], TensorRole.RecurrentWeights, this),
        new TensorDescriptor(prefix + "bias_ih_l0", [rows], TensorRole.InputBias, this),
        new TensorDescriptor(prefix + "bias_hh_l0", [rows], TensorRole.RecurrentBias, this),
    ];

    /// <summary>
    /// Storage index of element <paramref name="index"/> (row-major) of one of this layer's tensors.
    /// </summary>
    internal int StorageIndex(TensorRole role, int index)
    {
        switch (role)
        {
            case TensorRole.EmbeddingTable:
                return Offset + index;
            case TensorRole.InputWeights:
            case TensorRole.RecurrentWeights:
            {
                int width = role == TensorRole.InputWeights ? InputSize : Size;
                int column = index % width + (role == TensorRole.RecurrentWeights ? InputSize : 0);
                (int gate, int unit) = Math.DivRem(index / width, Size);
                return Offset + BlockLayout.WeightIndex(gate, unit, column, Gates, Columns);
            }

            case TensorRole.InputBias:
            case TensorRole.RecurrentBias:
            {
                (int gate, int unit) = Math.DivRem(index, Size);
                long start = role == TensorRole.RecurrentBias ? BlockLayout.HiddenBiasOffset(Size, Gates, Columns) : BlockLayout.InputBiasOffset(Size, Gates, Columns);
                return Offset + (int)start + BlockLayout.VectorIndex(gate, unit, Gates);
            }

            default:
            {
                (int row, int unit) = Math.DivRem(index, Size);
                return Offset + (int)BlockLayout.PeepholeOffset(Size, Gates, Columns) + BlockLayout.VectorIndex(row, unit, LstmLayout.PeepholeRows);
            }
        }
    }
}
