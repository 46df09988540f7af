using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits Predict's loop over time steps. What depends on no earlier step runs for tiles of
/// <see cref="ForwardKernelEmitter.TileStreams"/> consecutive steps through kernels that load each weight vector once
/// for the tile, as the batched step's tile kernels do for its streams: the layers before the first recurrent one
/// (Dense, Embedding), that layer's input projection W_ih x + b, and the Dense layers after the last recurrent one (the
/// head). The recurrences step by step in between, the first one multiplying only W_hh h₋₁; recurrent layers above
/// the first see their inputs only inside the recurrence, so they run their whole step. Steps left over run one at a time.
/// </summary>
internal static class SequenceTileEmitter
{
    private const int Tile = ForwardKernelEmitter.TileStreams;

    /// <summary>
    /// Largest tile of projections, in floats (64 KB), kept on the stack beside the tile's scratches: an Lstm(1024) or
    /// Gru(1360) fits. Larger first layers run their whole step in the recurrence, where the input columns are a small
    /// share of the work anyway (I / (I + H)).
    /// </summary>
    private const int MaxProjectionTile = 16384;

    private const string ProjectionsType = "TileProjections";

    public static void Emit(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        int headStart = HeadStart(spec);
        LayerModel? projected = ProjectedLayer(spec);
        if (headStart == spec.Layers.Count && projected is null)
        {
            StepEmitter.EmitRowLoop(writer, spec, "PredictCore", "ref State state", "steps", "t", "ref state");
            return;
        }

        StreamTileEmitter.TileBuffer? projections = null;
        if (projected is not null)
        {
            int length = Tile * ForwardKernelEmitter.ProjectionLength(projected);
            writer.Line(Invariant($"/// <summary>W_ih x + b of layer {projected.Index} for the {Tile} steps of a tile, step after step, each laid out as the layer's biases.</summary>"));
            writer.Line(Invariant($"[{Types.InlineArray}({length})]"));
            using (writer.Open($"private struct {ProjectionsType}"))
            {
                writer.Line("private float _element0;");
            }

            writer.Line();
            projections = new StreamTileEmitter.TileBuffer(ProjectionsType, "projections");
        }

        StreamTileEmitter.EmitTiledLoop(writer, spec, Invariant($"Runs whole tiles of {Tile} time steps, then the steps left over one at a time."), "PredictCore", "ref State state", "steps", "t", "ref state", "PredictTileCore", projections);
        writer.Line();
        writer.Line(Invariant($"/// <summary>{Tile} consecutive time steps of one sequence: {TileSummary(spec, projected, headStart)}.</summary>"));
        string projectionsParameter = projected is null ? string.Empty : ", ref float projections";
        using (writer.Open($"private static void PredictTileCore<TLanes, TVector>(ref float parameters, ref State state, ref Scratch scratches, {StepEmitter.RowsParameter(spec)}, ref float outputs{projectionsParameter}) {Types.LanesConstraints}"))
        {
            for (int step = 0; step < Tile; step++)
            {
                writer.Line(Invariant($"ref Scratch scratch{step} = ref {Types.Unsafe}.Add(ref scratches, {step});"));
            }

            if (projected is null)
            {
                EmitRecurrentSteps(writer, spec, scratch, headStart);
            }
            else
            {
                EmitProjectedSteps(writer, spec, scratch, projected, headStart);
            }

            if (headStart < spec.Layers.Count)
            {
                EmitHead(writer, spec, scratch, headStart);
            }
        }
    }

    /// <summary>
    /// The recurrent layer whose input projection Predict computes for a whole tile: the first one, whose inputs do not
    /// depend on the recurrence, when its tile of projections fits <see cref="MaxProjectionTile"/>; otherwise null.
    /// </summary>
    public static LayerModel? ProjectedLayer(ModelSpec spec)
    {
        LayerModel first = spec.Layers.First(layer => layer.IsRecurrent);
        return Tile * ForwardKernelEmitter.ProjectionLength(first) <= MaxProjectionTile ? first : null;
    }

    /// <summary>The index of the first layer of the head: the layer after the last recurrent one.</summary>
    private static int HeadStart(ModelSpec spec) => spec.Layers.Select((layer, index) => layer.IsRecurrent ? index + 1 : 0).Max();

    private static string TileSummary(ModelSpec spec, LayerModel? projected, int headStart)
    {
        string recurrence = projected is null
            ? "the recurrent layers step by step"
            : Invariant($"the input projection of layer {projected.Index} for all {Tile} steps, then the recurrent layers step by step");
        return headStart < spec.Layers.Count
            ? recurrence + Invariant($", then the Dense head for all {Tile} steps; each weight vector of the tiled layers is loaded once for the {Tile} steps")
            : recurrence + Invariant($", each weight vector of the projection loaded once for the {Tile} steps");
    }

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

    /// <summary>
    /// Emits the layers before the first recurrent one and its input projection for the whole tile, then the loop over
    /// the tile's steps through the recurrent layers (and any layers between them), one scratch per step.
    /// </summary>
    private static void EmitProjectedSteps(SourceWriter writer, ModelSpec spec, ScratchPlan scratch, LayerModel projected, int headStart)
    {
        StepEmitter.DeclareNoTape(writer, spec.Layers); // every tile kernel and step kernel below passes it
        string[] current = new string[Tile];
        for (int step = 0; step < Tile; step++)
        {
            writer.Line(spec.TokenInput
                ? Invariant($"int token{step} = {Types.Unsafe}.Add(ref inputs, {step});")
                : Invariant($"ref float input{step} = ref {Types.Unsafe}.Add(ref inputs, {step} * InputSize);"));
            current[step] = Invariant($"input{step}");
        }

        foreach (LayerModel layer in spec.Layers.TakeWhile(layer => !layer.IsRecurrent))
        {
            writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}, all {Tile} steps"));
            StreamTileEmitter.EmitTileLayer(writer, layer, scratch, current);
        }

        int length = ForwardKernelEmitter.ProjectionLength(projected);
        string[] projections = [.. Enumerable.Range(0, Tile).Select(step => Invariant($"ref {Types.Unsafe}.Add(ref projections, {step * length})"))];
        writer.Line(Invariant($"// layer {projected.Index}: {projected.Title}, W_ih x + b for all {Tile} steps"));
        writer.Line($"{ForwardKernelEmitter.InputProjectionMethod(projected)}(ref parameters, {string.Join(", ", current.Select(input => "ref " + input))}, {string.Join(", ", projections)});");
        writer.Line();

        LayerModel[] above = [.. spec.Layers.Take(headStart).SkipWhile(layer => layer != projected).Skip(1)];
        using (writer.Open(Invariant($"for (int step = 0; step < {Tile}; step++)")))
        {
            writer.Line($"ref Scratch scratch = ref {Types.Unsafe}.Add(ref scratches, step);");
            writer.Line(Invariant($"// layer {projected.Index}: {projected.Title}, += W_hh h₋₁ from the step's projection"));
            writer.Line(Invariant($"ref float projection = ref {Types.Unsafe}.Add(ref projections, step * {length});"));
            (string hidden, string newHidden) = StepEmitter.HiddenBuffers(projected, string.Empty);
            string cells = projected.Kind == LayerKind.Lstm ? $", ref state.{StateEmitter.CellField(projected)}[0], ref state.{StateEmitter.CellField(projected)}[0]" : string.Empty;
            string work = projected.Kind == LayerKind.Gru && !projected.ResetAfter ? Invariant($", ref scratch[{scratch.GruWorkOffset}]") : string.Empty;
            writer.Line($"{ForwardKernelEmitter.RecurrenceMethod(projected)}(ref parameters, ref projection, ref {hidden}[0], ref {newHidden}{cells}{work});");
            StepEmitter.ReplaceHidden(writer, projected, hidden, newHidden);
            string output = hidden + "[0]";
            foreach (LayerModel layer in above)
            {
                writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                output = StepEmitter.EmitLayer(writer, layer, scratch, string.Empty, output);
            }

            if (headStart == spec.Layers.Count)
            {
                writer.Line("// no head: the step's output is the last recurrent layer's h, which the next step replaces");
                StepEmitter.CopyOutputs(writer, output, $"{Types.Unsafe}.Add(ref outputs, step * OutputSize)");
            }
        }
    }

    /// <summary>Emits the Dense head for all the tile's steps, from the h each step left in its scratch, and copies its outputs.</summary>
    private static void EmitHead(SourceWriter writer, ModelSpec spec, ScratchPlan scratch, int headStart)
    {
        writer.Line();
        writer.Line(Invariant($"// each step's scratch still holds the h it gave the last recurrent layer's state (at {ScratchPlan.NewHiddenOffset}): the head's inputs"));
        string[] current = [.. Enumerable.Range(0, Tile).Select(step => Invariant($"scratch{step}[{ScratchPlan.NewHiddenOffset}]"))];

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
