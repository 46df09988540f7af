using System.Linq;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// The kernels that split a recurrent layer's step for Predict, whose inputs to the first recurrent layer are all known
/// before its recurrence runs: the input projection W_ih x + b for <see cref="TileStreams"/> consecutive steps at once
/// (each weight vector loaded once for the tile, as the tile kernels do for streams), then a step kernel that starts
/// its sums from that projection and multiplies only W_hh h₋₁. Inference only: they record nothing.
/// </summary>
internal static partial class ForwardKernelEmitter
{
    /// <summary>What part of a recurrent layer's step a kernel computes.</summary>
    private enum StepPart
    {
        /// <summary>The whole step, W_ih x + W_hh h₋₁ + b: Step, the batched step and training.</summary>
        Whole,

        /// <summary>W_ih x + b of a tile of steps, laid out as the biases are (block, gate, lane).</summary>
        InputProjection,

        /// <summary>The step from a projection computed beforehand: only W_hh h₋₁ is multiplied.</summary>
        Recurrence,
    }

    /// <summary>The projection kernel instantiated for a vector width.</summary>
    public static string InputProjectionMethod(LayerModel layer) => KernelName(layer) + PartSuffix(StepPart.InputProjection) + "<TLanes, TVector>";

    /// <summary>The step kernel from a projection, instantiated for a vector width.</summary>
    public static string RecurrenceMethod(LayerModel layer) => KernelName(layer) + PartSuffix(StepPart.Recurrence) + "<TLanes, TVector>";

    /// <summary>Floats of one step's projection: one vector per gate row of every block, as the biases are stored.</summary>
    public static int ProjectionLength(LayerModel layer) => (int)BlockLayout.BiasLength(layer.Size, layer.Gates);

    /// <summary>Emits the recurrent layer's input projection over a tile of steps and its step kernel from a projection.</summary>
    public static void EmitProjectionKernels(SourceWriter writer, LayerModel layer)
    {
        EmitInputProjection(writer, layer);
        writer.Line();
        Emit(writer, layer, StepPart.Recurrence);
    }

    private static void EmitInputProjection(SourceWriter writer, LayerModel layer)
    {
        GateRow[] rows = layer.Kind switch
        {
            LayerKind.Lstm => LstmRows,
            LayerKind.Gru => GruRows,
            _ => SumRow,
        };

        // As many accumulator sets per step as keep 8 multiply-adds in flight, as in the tile kernels.
        int chains = TileChains(rows.Length);
        writer.Line(Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: W_ih x + b of {TileStreams} consecutive time steps, each weight vector loaded once for all of them.</summary>"));
        writer.Line("/// <remarks>");
        writer.Line(layer.Kind == LayerKind.Gru
            ? "/// r, z: W_i x + b_i + b_h;  n: W_in x + b_in (b_hn stays with the W_hn product, which depends on r)<br/>"
            : "/// every gate: W_ih x + b_ih + b_hh<br/>");
        writer.Line("/// </remarks>");
        string inputs = string.Join(", ", Enumerable.Range(0, TileStreams).Select(step => Invariant($"ref float input{step}")));
        string projections = string.Join(", ", Enumerable.Range(0, TileStreams).Select(step => Invariant($"ref float projection{step}")));
        using (writer.Open($"private static void {InputProjectionMethod(layer)}(ref float parameters, {inputs}, {projections}) {Types.LanesConstraints}"))
        {
            BiasAndWeightRefs(writer, layer, StepPart.InputProjection);
            using (BlockLoops(writer, layer))
            {
                ColumnLoopEmitter.Declare(writer, rows, TileStreams, chains, [.. rows.Select(row => ProjectedBiases(layer, row))]);
                writer.Line("// += W_ih x");
                ColumnLoopEmitter.Emit(writer, Buffers("input", TileSuffixes), 0, layer.InputSize, layer.ColumnStride, rows, chains);
                for (int step = 0; step < TileStreams; step++)
                {
                    foreach (GateRow row in rows)
                    {
                        writer.Line(Invariant($"TLanes.Store({ColumnLoopEmitter.Sum(row.Accumulator, step, chains)}, ref projection{step}, {Plus("bias", row.Offset)});"));
                    }
                }
            }
        }
    }

    /// <summary>The biases a gate row's projection takes: both, except for the GRU candidate, whose b_hn stays with the W_hn product.</summary>
    private static string ProjectedBiases(LayerModel layer, GateRow row) =>
        layer.Kind == LayerKind.Gru && row.Offset == GruLayout.CandidateGateOffset ? OneBias("inputBias", row.Offset) : BothBiases(row.Offset);

    /// <summary>Where a gate row's sum starts: its biases, or in a <see cref="StepPart.Recurrence"/> kernel its projection.</summary>
    private static string GateStart(StepPart part, int gateOffset) =>
        part == StepPart.Recurrence ? $"TLanes.Load(ref projection, {Plus("bias", gateOffset)})" : BothBiases(gateOffset);

    /// <summary>The kernel's buffer for the layer's input: x, or the projection of x.</summary>
    private static string InputBuffer(StepPart part) => part == StepPart.Recurrence ? "ref float projection" : "ref float input";

    private static string PartSuffix(StepPart part) => part == StepPart.Whole ? string.Empty : part.ToString();
}
