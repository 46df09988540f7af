using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits the core of the batched step: whole tiles of <see cref="ForwardKernelEmitter.TileStreams"/> streams go
/// through the tile kernels, which load each weight vector once for the whole tile; the streams left over step one
/// stream at a time.
/// </summary>
internal static class StreamTileEmitter
{
    /// <summary>A buffer of the tiled loop besides the tile's scratches: an inline array type and its local's name.</summary>
    internal readonly record struct TileBuffer(string Type, string Name);

    private const int Tile = ForwardKernelEmitter.TileStreams;

    public static void Emit(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        EmitTileScratch(writer);
        writer.Line();
        EmitTiledLoop(writer, spec, Invariant($"Steps whole tiles of {Tile} streams together, then the streams left over one at a time."), "StepStreamsCore", "ref State states", "streams", "s", $"ref {Types.Unsafe}.Add(ref states, s)", "StepTileCore");
        writer.Line();
        EmitTileCore(writer, spec, scratch);
    }

    /// <summary>Declares the scratches of a tile, which the batched step's tiles and Predict's share.</summary>
    private static void EmitTileScratch(SourceWriter writer)
    {
        writer.Line(Invariant($"/// <summary>The scratch of each row of a tile of {Tile}: streams of one step, or steps of one sequence.</summary>"));
        writer.Line(Invariant($"[{Types.InlineArray}({Tile})]"));
        using (writer.Open("private struct TileScratch"))
        {
            writer.Line("private Scratch _element0;");
        }
    }

    /// <summary>
    /// Emits a loop that hands whole tiles of <see cref="Tile"/> rows (streams of one step, or steps of one sequence)
    /// to <paramref name="tileCore"/> and steps the rows left over one at a time; <paramref name="state"/> is the state
    /// row <paramref name="row"/> advances. An <paramref name="extra"/> buffer, made once for all tiles, is passed
    /// after the outputs.
    /// </summary>
    internal static void EmitTiledLoop(SourceWriter writer, ModelSpec spec, string summary, string name, string stateParameter, string count, string row, string state, string tileCore, TileBuffer? extra = null)
    {
        writer.Line($"/// <summary>{summary}</summary>");
        using (writer.Open($"private static void {name}<TLanes, TVector>(ref float parameters, {stateParameter}, ref Scratch scratch, {StepEmitter.RowsParameter(spec)}, ref float outputs, int {count}) {Types.LanesConstraints}"))
        {
            writer.Line("TileScratch tile = default;");
            string extraArgument = string.Empty;
            if (extra is { } buffer)
            {
                writer.Line($"{buffer.Type} {buffer.Name} = default;");
                extraArgument = $", ref {buffer.Name}[0]";
            }

            writer.Line($"int {row} = 0;");
            writer.Line(Invariant($"// {row} <= {count} - {Tile}, not {row} + {Tile} <= {count}, which would overflow near int.MaxValue"));
            using (writer.Open(Invariant($"for (; {row} <= {count} - {Tile}; {row} += {Tile})")))
            {
                string rows = spec.TokenInput ? row : $"{row} * InputSize";
                writer.Line($"{tileCore}<TLanes, TVector>(ref parameters, {state}, ref tile[0], ref {Types.Unsafe}.Add(ref inputs, {rows}), ref {Types.Unsafe}.Add(ref outputs, {row} * OutputSize){extraArgument});");
            }

            writer.Line();
            using (writer.Open($"for (; {row} < {count}; {row}++)"))
            {
                writer.Line(StepEmitter.StepCoreCall(spec, row, state));
            }
        }
    }

    private static void EmitTileCore(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        writer.Line(Invariant($"/// <summary>One time step of {Tile} consecutive streams: each layer's tile kernel serves all of them per weight load; an embedding looks up each stream's row.</summary>"));
        using (writer.Open($"private static void StepTileCore<TLanes, TVector>(ref float parameters, ref State states, ref Scratch scratches, {StepEmitter.RowsParameter(spec)}, ref float outputs) {Types.LanesConstraints}"))
        {
            StepEmitter.DeclareNoTape(writer, spec.Layers);
            string[] current = new string[Tile];
            for (int stream = 0; stream < Tile; stream++)
            {
                writer.Line(Invariant($"ref State state{stream} = ref {Types.Unsafe}.Add(ref states, {stream});"));
                writer.Line(Invariant($"ref Scratch scratch{stream} = ref {Types.Unsafe}.Add(ref scratches, {stream});"));
                writer.Line(spec.TokenInput
                    ? Invariant($"int token{stream} = {Types.Unsafe}.Add(ref inputs, {stream});")
                    : Invariant($"ref float input{stream} = ref {Types.Unsafe}.Add(ref inputs, {stream} * InputSize);"));
                current[stream] = Invariant($"input{stream}");
            }

            foreach (LayerModel layer in spec.Layers)
            {
                writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                EmitTileLayer(writer, layer, scratch, current);
            }

            writer.Line("// the last layer's outputs, without the padding of its last block");
            for (int stream = 0; stream < Tile; stream++)
            {
                StepEmitter.CopyOutputs(writer, current[stream], Invariant($"{Types.Unsafe}.Add(ref outputs, {stream} * OutputSize)"));
            }
        }
    }

    /// <summary>
    /// Emits one layer for every row of the tile: through its tile kernel if it has one, else row by row; updates
    /// <paramref name="current"/> to its outputs.
    /// </summary>
    internal static void EmitTileLayer(SourceWriter writer, LayerModel layer, ScratchPlan scratch, string[] current)
    {
        if (ForwardKernelEmitter.HasTileKernel(layer))
        {
            EmitTileCall(writer, layer, scratch, current);
            return;
        }

        for (int stream = 0; stream < Tile; stream++)
        {
            current[stream] = StepEmitter.EmitLayer(writer, layer, scratch, Invariant($"{stream}"), current[stream]);
        }
    }

    /// <summary>Calls the layer's tile kernel on every stream of the tile and updates <paramref name="current"/> to its outputs.</summary>
    internal static void EmitTileCall(SourceWriter writer, LayerModel layer, ScratchPlan scratch, string[] current)
    {
        string[] inputs = [.. current.Select(input => "ref " + input)];
        string tape = string.Concat(ForwardKernelEmitter.TapeParameters(layer).SelectMany(_ => Enumerable.Repeat(", ref noTape", Tile)));
        if (layer.Kind == LayerKind.Dense)
        {
            string[] outputs = [.. Enumerable.Range(0, Tile).Select(stream => Invariant($"scratch{stream}[{scratch.DenseOutputOffset(layer)}]"))];
            writer.Line($"{ForwardKernelEmitter.TileMethod(layer, Types.NoTape)}(ref parameters, {string.Join(", ", inputs)}, {string.Join(", ", outputs.Select(output => "ref " + output))}{tape});");
            outputs.CopyTo(current, 0);
            return;
        }

        var buffers = Enumerable.Range(0, Tile).Select(stream => StepEmitter.HiddenBuffers(layer, Invariant($"{stream}"))).ToArray();
        string extra = string.Empty;
        if (layer.Kind == LayerKind.Lstm)
        {
            // c₋₁ and the new c: the same buffer, since each unit's c is read before it is written
            string perStream = string.Join(", ", Enumerable.Range(0, Tile).Select(stream => Invariant($"ref state{stream}.{StateEmitter.CellField(layer)}[0]")));
            extra = $", {perStream}, {perStream}";
        }
        else if (layer.Kind == LayerKind.Gru && !layer.ResetAfter)
        {
            extra = ", " + string.Join(", ", Enumerable.Range(0, Tile).Select(stream => Invariant($"ref scratch{stream}[{scratch.GruWorkOffset}]")));
        }

        writer.Line($"{ForwardKernelEmitter.TileMethod(layer, Types.NoTape)}(ref parameters, {string.Join(", ", inputs)}, {string.Join(", ", buffers.Select(buffer => $"ref {buffer.Hidden}[0]"))}, {string.Join(", ", buffers.Select(buffer => $"ref {buffer.NewHidden}"))}{extra}{tape});");
        for (int stream = 0; stream < Tile; stream++)
        {
            StepEmitter.ReplaceHidden(writer, layer, buffers[stream].Hidden, buffers[stream].NewHidden);
            current[stream] = buffers[stream].Hidden + "[0]";
        }
    }
}
