using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits the training forward pass: one sequence (<c>ForwardTraining</c>), and a batch's rows
/// (<c>ForwardTrainingRows</c>), whose whole tiles of <see cref="ForwardKernelEmitter.TileStreams"/> rows advance in
/// lock-step through the layers' tile kernels (each weight loaded once per step for the tile), recording every row's
/// tape; the rows left over run one at a time. One body serves both, with each row's locals suffixed (none for one row).
/// </summary>
internal static class ForwardTrainingEmitter
{
    private const int Tile = ForwardKernelEmitter.TileStreams;

    public static void Emit(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        string contract = TrainingEmitter.Interface(spec);
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.ForwardTraining({Types.ReadOnlySpan}<float> parameters, {Types.ReadOnlySpan}<float> inputs, {Types.ReadOnlySpan}<int> tokens, int steps, {Types.Span}<float> state, {Types.Span}<float> tape, {Types.Span}<float> outputs, bool logits)"))
        {
            writer.Line($"{Types.ArgumentGuard}.Length(parameters.Length, ParameterStorageLength, nameof(parameters));");
            writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
            TrainingEmitter.CheckSequenceInputs(writer, spec, rows: null);
            writer.Line($"{Types.ArgumentGuard}.Length(state.Length, StateLength, nameof(state));");
            writer.Line($"{Types.ArgumentGuard}.Tape(tape.Length, 1, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerStep(outputs.Length, steps, OutputSize, nameof(outputs));");
            SimdDispatch.Emit(writer, "ForwardTrainingCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), ref {Types.MemoryMarshal}.GetReference(inputs), ref {Types.MemoryMarshal}.GetReference(tokens), steps, ref {Types.MemoryMarshal}.GetReference(state), ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputs), logits");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.ForwardTrainingRows({Types.ReadOnlySpan}<float> parameters, {Types.ReadOnlySpan}<float> inputs, {Types.ReadOnlySpan}<int> tokens, int rows, int steps, {Types.Span}<float> states, {Types.Span}<float> tape, {Types.Span}<float> outputs, bool logits)"))
        {
            writer.Line($"{Types.ArgumentGuard}.Length(parameters.Length, ParameterStorageLength, nameof(parameters));");
            writer.Line($"{Types.ArgumentGuard}.Positive(rows, nameof(rows));");
            writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
            TrainingEmitter.CheckSequenceInputs(writer, spec, rows: "rows");
            writer.Line($"{Types.ArgumentGuard}.LengthPerRowStep(states.Length, rows, 1, StateLength, nameof(states));");
            writer.Line($"{Types.ArgumentGuard}.Tape(tape.Length, rows, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerRowStep(outputs.Length, rows, steps, OutputSize, nameof(outputs));");
            SimdDispatch.Emit(writer, "ForwardTrainingRowsCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), ref {Types.MemoryMarshal}.GetReference(inputs), ref {Types.MemoryMarshal}.GetReference(tokens), rows, steps, ref {Types.MemoryMarshal}.GetReference(states), ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputs), logits");
        }

        writer.Line();
        EmitRowsCore(writer, spec);
        writer.Line();
        EmitCore(writer, spec, plan, [string.Empty]);
        writer.Line();
        EmitCore(writer, spec, plan, [.. Enumerable.Range(0, Tile).Select(ForwardKernelEmitter.TileSuffix)]);
    }

    /// <summary>Whole tiles of rows in lock-step, then the rows left over one at a time.</summary>
    private static void EmitRowsCore(SourceWriter writer, ModelSpec spec)
    {
        using (writer.Open($"private static void ForwardTrainingRowsCore<TLanes, TVector>(ref float parameters, ref float inputs, ref int tokens, int rows, int steps, ref float states, ref float tape, ref float outputs, bool logits) {Types.LanesConstraints}"))
        {
            TrainingEmitter.EmitRowTiles(
                writer, Invariant($"{Tile}"), $"ForwardTrainingTileCore<TLanes, TVector>({RowArguments(spec)});", $"ForwardTrainingCore<TLanes, TVector>({RowArguments(spec)});");
        }
    }

    /// <summary>The arguments of a core that starts at row <c>row</c> of every buffer.</summary>
    private static string RowArguments(ModelSpec spec)
    {
        string inputs = spec.TokenInput ? "ref inputs" : $"ref {Types.Unsafe}.Add(ref inputs, (nint)row * steps * InputSize)";
        string tokens = spec.TokenInput ? $"ref {Types.Unsafe}.Add(ref tokens, (nint)row * steps)" : "ref tokens";
        return $"ref parameters, {inputs}, {tokens}, steps, ref {Types.Unsafe}.Add(ref states, (nint)row * StateLength), ref {Types.Unsafe}.Add(ref tape, (nint)row * (((nint)steps + 1) * TapeLengthPerStep)), ref {Types.Unsafe}.Add(ref outputs, (nint)row * steps * OutputSize), logits";
    }

    /// <summary>
    /// The forward pass of one row (<paramref name="rows"/> is one empty suffix) or of a tile of rows in lock-step
    /// (suffixes 0 … 3: each row's buffers start one row after the last, and every layer runs its tile kernel).
    /// </summary>
    private static void EmitCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan, string[] rows)
    {
        bool tile = rows.Length > 1;
        if (tile)
        {
            writer.Line(Invariant($"/// <summary>{Tile} rows in lock-step: each layer's tile kernel loads each weight once per step for all of them, recording every row's tape.</summary>"));
        }

        string name = tile ? "ForwardTrainingTileCore" : "ForwardTrainingCore";
        string state = tile ? "states" : "state";
        using (writer.Open($"private static void {name}<TLanes, TVector>(ref float parameters, ref float inputs, ref int tokens, int steps, ref float {state}, ref float tape, ref float outputs, bool logits) {Types.LanesConstraints}"))
        {
            if (tile)
            {
                DeclareRows(writer, spec, rows);
            }

            writer.Line("// step 0 of the tape holds the state the sequence starts from: step 1's h₋₁ (and c₋₁), and what the weight gradients pair with its deltas");
            foreach (string row in rows)
            {
                CopyState(writer, spec, plan, toTape: true, row);
            }

            using (writer.Open("for (int t = 0; t < steps; t++)"))
            {
                foreach (string row in rows)
                {
                    TrainingEmitter.StepReferences(writer, row);
                }

                foreach (LayerModel layer in spec.Layers)
                {
                    EmitLayer(writer, spec, plan, layer, rows);
                }

                LayerSlots last = plan.Slots(spec.LastLayer);
                string source = spec.LastLayer.Kind == LayerKind.Dense
                    ? Invariant($"logits ? {last.Tape(LayerKindDescription.PreActivation)} : {last.Output}")
                    : Invariant($"{last.Output}");
                writer.Line("// the step's outputs: activated, or the last Dense layer's W x + b when the loss wants logits");
                foreach (string row in rows)
                {
                    writer.Line($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref step{row}, {source}), OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref outputs{row}, t * OutputSize), OutputSize));");
                }
            }

            writer.Line("// the final state, for truncated backpropagation through time across calls");
            foreach (string row in rows)
            {
                CopyState(writer, spec, plan, toTape: false, row);
            }
        }
    }

    /// <summary>Names each row's buffers: row r's start r rows after row 0's.</summary>
    private static void DeclareRows(SourceWriter writer, ModelSpec spec, string[] rows)
    {
        writer.Line("nint tapeRow = ((nint)steps + 1) * TapeLengthPerStep;");
        for (int r = 0; r < rows.Length; r++)
        {
            string row = rows[r];
            writer.Line(spec.TokenInput
                ? Invariant($"ref int tokens{row} = ref {Types.Unsafe}.Add(ref tokens, (nint){r} * steps);")
                : Invariant($"ref float inputs{row} = ref {Types.Unsafe}.Add(ref inputs, (nint){r} * steps * InputSize);"));
            writer.Line(Invariant($"ref float state{row} = ref {Types.Unsafe}.Add(ref states, {r} * StateLength);"));
            writer.Line(Invariant($"ref float tape{row} = ref {Types.Unsafe}.Add(ref tape, {r} * tapeRow);"));
            writer.Line(Invariant($"ref float outputs{row} = ref {Types.Unsafe}.Add(ref outputs, (nint){r} * steps * OutputSize);"));
        }
    }

    /// <summary>One layer of step t for every row: an Embedding's row lookup, or the layer's kernel (its tile kernel for a tile).</summary>
    private static void EmitLayer(SourceWriter writer, ModelSpec spec, TrainingPlan plan, LayerModel layer, string[] rows)
    {
        if (layer.Kind == LayerKind.Embedding)
        {
            writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}: the token's row, recorded for the layer above and for the table's gradient"));
            foreach (string row in rows)
            {
                writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref parameters, {layer.Offset} + ((nuint)(uint){Types.Unsafe}.Add(ref tokens{row}, t) * {layer.Size})), {layer.Size}).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref step{row}, {plan.Slots(layer).Output}), {layer.Size}));"));
            }

            return;
        }

        writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}{(rows.Length > 1 ? Invariant($", {rows.Length} rows") : "")}"));
        // a row's buffers in the step kernel's parameter order: its input, then its tape slots
        List<(string Name, string Value)> RowBuffers(string row) =>
            [("input", "ref " + TrainingEmitter.LayerInput(spec, plan, layer, row)), .. TrainingEmitter.TapeArguments(plan, layer, LayerKindDescription.Of(layer).Forward, row)];

        var arguments = new List<(string Name, string Value)> { ("parameters", "ref parameters") };
        if (rows.Length == 1)
        {
            arguments.AddRange(RowBuffers(rows[0]));
            TrainingEmitter.Call(writer, ForwardKernelEmitter.Method(layer, Types.TrainingTape), arguments);
            return;
        }

        // the tile kernel takes each buffer for every row in turn (input0 … input3, hidden0 … hidden3, …)
        Dictionary<string, string>[] perRow = [.. rows.Select(row => RowBuffers(row).ToDictionary(buffer => buffer.Name, buffer => buffer.Value))];
        foreach (string buffer in ForwardKernelEmitter.TileBuffers(layer))
        {
            arguments.AddRange(rows.Select((row, index) => (buffer + row, perRow[index][buffer])));
        }

        TrainingEmitter.Call(writer, ForwardKernelEmitter.TileMethod(layer, Types.TrainingTape), arguments);
    }

    /// <summary>Copies a row's state slots between its flat state and its tape: into step 0, or out of the last step.</summary>
    private static void CopyState(SourceWriter writer, ModelSpec spec, TrainingPlan plan, bool toTape, string row)
    {
        if (!toTape)
        {
            writer.Line($"ref float final{row} = ref {Types.Unsafe}.Add(ref tape{row}, steps * TapeLengthPerStep);");
        }

        foreach (LayerModel layer in spec.Layers)
        {
            LayerSlots slots = plan.Slots(layer);
            foreach (StateSlot slot in LayerKindDescription.Of(layer).State)
            {
                string inTape = Invariant($"ref {Types.Unsafe}.Add(ref {(toTape ? "tape" : "final")}{row}, {slots.Tape(slot.Name)})");
                string inState = Invariant($"ref {Types.Unsafe}.Add(ref state{row}, {slots.State(slot.Name)})");
                string from = toTape ? inState : inTape;
                string to = toTape ? inTape : inState;
                writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan({from}, {layer.PaddedSize}).CopyTo({Types.MemoryMarshal}.CreateSpan({to}, {layer.PaddedSize}));"));
            }
        }
    }
}
