using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits Predict's loop over time steps. The Dense layers after the last recurrent layer (the head) depend on no
/// earlier step, so Predict runs tiles of <see cref="ForwardKernelEmitter.TileStreams"/> consecutive steps: the
/// recurrent layers step by step, each step in its own scratch, then the head once for the whole tile through the
/// batched step's tile kernels, which load each weight vector once for the tile's steps as they do for its streams.
/// Models without such a head, and the steps left over, run one step at a time.
/// </summary>
internal static class SequenceTileEmitter
{
    private const int Tile = ForwardKernelEmitter.TileStreams;

    public static void Emit(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        int headStart = HeadStart(spec);
        if (headStart == spec.Layers.Count)
        {
            StepEmitter.EmitRowLoop(writer, spec, "PredictCore", "ref State state", "steps", "t", "ref state");
            return;
        }

        StreamTileEmitter.EmitTiledLoop(writer, spec, Invariant($"Runs whole tiles of {Tile} time steps, then the steps left over one at a time."), "PredictCore", "ref State state", "steps", "t", "ref state", "PredictTileCore");
        writer.Line();
        writer.Line(Invariant($"/// <summary>{Tile} consecutive time steps of one sequence: the recurrent layers step by step, then the Dense head for all {Tile} steps, each of its weight vectors loaded once for them.</summary>"));
        using (writer.Open($"private static void PredictTileCore<TLanes, TVector>(ref float parameters, ref State state, ref Scratch scratches, {StepEmitter.RowsParameter(spec)}, ref float outputs) {Types.LanesConstraints}"))
        {
            EmitRecurrentSteps(writer, spec, scratch, headStart);
            writer.Line();
            writer.Line(Invariant($"// each step's scratch still holds the h it gave the last recurrent layer's state (at {ScratchPlan.NewHiddenOffset}): the head's inputs"));
            string[] current = new string[Tile];
            for (int step = 0; step < Tile; step++)
            {
                writer.Line(Invariant($"ref Scratch scratch{step} = ref {Types.Unsafe}.Add(ref scratches, {step});"));
                current[step] = Invariant($"scratch{step}[{ScratchPlan.NewHiddenOffset}]");
            }

            foreach (LayerModel layer in spec.Layers.Skip(headStart))
            {
                writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}, all {Tile} steps"));
                StreamTileEmitter.EmitTileCall(writer, layer, scratch, current);
            }

            writer.Line("// the last layer's outputs, without the padding of its last block");
            for (int step = 0; step < Tile; step++)
            {
                StepEmitter.CopyOutputs(writer, current[step], Invariant($"{Types.Unsafe}.Add(ref outputs, {step} * OutputSize)"));
            }
        }
    }

    /// <summary>The index of the first layer of the head: the layer after the last recurrent one.</summary>
    private static int HeadStart(ModelSpec spec) => spec.Layers.Select((layer, index) => layer.IsRecurrent ? index + 1 : 0).Max();

    /// <summary>Emits the loop over the tile's steps through the layers before the head, one scratch per step.</summary>
    private static void EmitRecurrentSteps(SourceWriter writer, ModelSpec spec, ScratchPlan scratch, int headStart)
    {
        LayerModel[] body = [.. spec.Layers.Take(headStart)];
        StepEmitter.DeclareNoTape(writer, spec.Layers); // the head's tile kernels after the loop pass it too
        using (writer.Open(Invariant($"for (int step = 0; step < {Tile}; step++)")))
        {
            writer.Line($"ref Scratch scratch = ref {Types.Unsafe}.Add(ref scratches, step);");
            writer.Line(spec.TokenInput
                ? $"int token = {Types.Unsafe}.Add(ref inputs, step);"
                : $"ref float input = ref {Types.Unsafe}.Add(ref inputs, step * InputSize);");
            string current = "input";
            foreach (LayerModel layer in body)
            {
                writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                current = StepEmitter.EmitLayer(writer, layer, scratch, string.Empty, current);
            }
        }
    }
}
