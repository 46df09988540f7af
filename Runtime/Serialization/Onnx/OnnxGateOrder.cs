using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Where ONNX's gate blocks come from in PyTorch's. ONNX stacks LSTM gates as i, o, f, c and GRU gates as z, r, h;
/// PyTorch as i, f, g, o and r, z, n. Peephole rows are i, o, f in ONNX's P and i, f, o in RnnCodegen's tensor.
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
}
