using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// The kernels of the batched step: one time step of <see cref="TileStreams"/> streams at once, each weight vector
/// loaded once and multiplied into every stream's accumulators, so the weights stream from cache once per tile instead
/// of once per stream. Inference only: they record nothing for the backward pass.
/// </summary>
internal static partial class ForwardKernelEmitter
{
    /// <summary>Streams per tile: with 4 gates, 4 × 4 accumulators plus the 4 broadcast inputs stay in registers.</summary>
    public const int TileStreams = 4;

    /// <summary>
    /// Accumulator sets per stream in the Dense tile: with one row, 4 streams give only 4 independent chains; 2 sets
    /// give 8. The LSTM tile needs no more than its 4 gates × 4 streams.
    /// </summary>
    private const int DenseTileChains = 2;

    /// <summary>Whether the layer has a tile kernel; the tile steps other layers one stream at a time.</summary>
    public static bool HasTileKernel(LayerModel layer) => layer.Kind is LayerKind.Lstm or LayerKind.Dense;

    /// <summary>The tile kernel instantiated for a vector width.</summary>
    public static string TileMethod(LayerModel layer) => KernelName(layer) + "Streams<TLanes, TVector>";

    /// <summary>The buffers the tile kernel takes for each stream, in parameter order (stream after stream within each).</summary>
    private static string[] TileBuffers(LayerModel layer) => layer.Kind == LayerKind.Lstm
        ? ["input", "hidden", "newHidden", "previousCells", "newCells"]
        : ["input", "output"];

    /// <summary>Emits the layer's tile kernel, if it has one.</summary>
    public static void EmitTile(SourceWriter writer, LayerModel layer)
    {
        if (layer.Kind == LayerKind.Lstm)
        {
            EmitLstmTile(writer, layer);
        }
        else if (layer.Kind == LayerKind.Dense)
        {
            EmitDenseTile(writer, layer);
        }
    }

    private static void EmitLstmTile(SourceWriter writer, LayerModel layer)
    {
        TileSummary(writer, layer);
        using (writer.Open(TileSignature(layer)))
        {
            GateRow[] rows = LstmRows;
            BiasAndWeightRefs(writer, layer);
            using (BlockLoops(writer, layer))
            {
                if (layer.Peepholes)
                {
                    writer.Line(Invariant($"nuint peephole = (block * {LstmLayout.PeepholeStride}) + lane;"));
                }

                writer.Line(Invariant($"// gates = b_ih + b_hh, one accumulator per gate and stream (inputGate0 … inputGate{TileStreams - 1})"));
                ColumnLoopEmitter.DeclareStreams(writer, rows, TileStreams, 1, [.. rows.Select(row => BothBiases(row.Offset))]);
                writer.Line("// += W_ih x");
                ColumnLoopEmitter.EmitStreams(writer, "input", 0, layer.InputSize, layer.ColumnStride, rows, TileStreams, 1);
                writer.Line("// += W_hh h₋₁");
                ColumnLoopEmitter.EmitStreams(writer, "hidden", layer.InputSize, layer.Size, layer.ColumnStride, rows, TileStreams, 1);
                for (int stream = 0; stream < TileStreams; stream++)
                {
                    string suffix = Invariant($"{stream}");
                    using (writer.Open(Invariant($"// stream {stream}")))
                    {
                        LstmUnits(writer, layer, accumulator => accumulator + suffix, suffix);
                    }
                }
            }
        }
    }

    private static void EmitDenseTile(SourceWriter writer, LayerModel layer)
    {
        TileSummary(writer, layer);
        using (writer.Open(TileSignature(layer)))
        {
            GateRow[] rows = [new("sum", 0)];
            writer.Line(Invariant($"ref float weights = ref {Types.Unsafe}.Add(ref parameters, {layer.Offset});"));
            writer.Line(Invariant($"ref float biases = ref {Types.Unsafe}.Add(ref parameters, {layer.InputBiasOffset});"));
            using (BlockLoops(writer, layer))
            {
                writer.Line(Invariant($"// W x + b, {DenseTileChains} accumulators per stream (sum0, sum0Chain1, …): one per stream is too few to hide the multiply-adds' latency"));
                ColumnLoopEmitter.DeclareStreams(writer, rows, TileStreams, DenseTileChains, ["TLanes.Load(ref biases, unit)"]);
                ColumnLoopEmitter.EmitStreams(writer, "input", 0, layer.InputSize, layer.ColumnStride, rows, TileStreams, DenseTileChains);
                for (int stream = 0; stream < TileStreams; stream++)
                {
                    writer.Line(DenseStore(layer, ColumnLoopEmitter.StreamSum("sum", stream, DenseTileChains), Invariant($"output{stream}")));
                }
            }

            if (layer.Activation == Activation.Softmax)
            {
                for (int stream = 0; stream < TileStreams; stream++)
                {
                    writer.Line(Invariant($"{Types.Softmax}.InPlace(ref output{stream}, {layer.Size});"));
                }
            }
        }
    }

    private static void TileSummary(SourceWriter writer, LayerModel layer) =>
        writer.Line(Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: one time step of {TileStreams} streams, each weight vector loaded once for all of them.</summary>"));

    private static string TileSignature(LayerModel layer)
    {
        IEnumerable<string> buffers = TileBuffers(layer).SelectMany(buffer => Enumerable.Range(0, TileStreams).Select(stream => Invariant($"ref float {buffer}{stream}")));
        return $"private static void {TileMethod(layer)}(ref float parameters, {string.Join(", ", buffers)}) {Types.LanesConstraints}";
    }
}
