using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Where ONNX's gate blocks come from in PyTorch's. ONNX stacks LSTM gates as i, o, f, c and GRU gates as z, r, h;
/// PyTorch as i, f, g, o and r, z, n. Peephole rows are i, o, f in ONNX's P and i, f, o in RnnCodegen's tensor.
/// The exporter and the importer convert with the same functions, in opposite directions.
/// </summary>
internal static class OnnxGateOrder
{
    private static readonly int[] Lstm = [0, 3, 1, 2];
    private static readonly int[] Gru = [1, 0, 2];
    private static readonly int[] Single = [0];

    /// <summary>Peephole rows: ONNX row r is RnnCodegen row <c>Peepholes[r]</c>.</summary>
    public static readonly int[] Peepholes = [0, 2, 1];

    /// <summary>ONNX gate block g is PyTorch gate block <c>TorchGate(kind)[g]</c>.</summary>
    public static int[] TorchGate(LayerKind kind) => kind switch
    {
        LayerKind.Lstm => Lstm,
        LayerKind.Gru => Gru,
        _ => Single,
    };

    /// <summary>
    /// The gate blocks of a [G·H, columns] row-major tensor moved between orders: to ONNX, block g of the result is
    /// block <c>order[g]</c> of <paramref name="values"/>; from ONNX, block <c>order[g]</c> of the result is block g.
    /// </summary>
    public static float[] Permuted(ReadOnlySpan<float> values, int[] order, int size, int columns, bool toOnnx)
    {
        float[] result = new float[values.Length];
        int block = size * columns;
        for (int g = 0; g < order.Length; g++)
        {
            (int from, int to) = toOnnx ? (order[g], g) : (g, order[g]);
            values.Slice(from * block, block).CopyTo(result.AsSpan(to * block, block));
        }

        return result;
    }

    /// <summary>A [rows, columns] row-major matrix as [columns, rows]: ONNX's MatMul takes Wᵀ where PyTorch's Linear keeps W.</summary>
    public static float[] Transpose(ReadOnlySpan<float> values, int rows, int columns)
    {
        float[] result = new float[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
