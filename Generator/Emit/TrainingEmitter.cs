using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits the training entry points the runtime's Trainer calls through IRecurrentModel: a forward pass that
/// records a tape, backpropagation through time over it that records every step's deltas, and the weight
/// gradients of the whole batch from those records, one block of units per work item. The backward math lives in
/// the runtime's backward kernels, which are aggressively inlined here with constant shapes.
/// </summary>
internal static class TrainingEmitter
{
    private const string Generic = "<TLanes, TVector>";

    /// <summary>Most floats of backward scratch kept on the stack (256 KB): larger models run the backward pass a row at a time.</summary>
    private const int MaxBackwardScratch = 65536;

    public static void Emit(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        writer.Line("/// <summary>Floats of recurrent state per stream, in the order of <see cref=\"State\"/>'s fields.</summary>");
        writer.Line(Invariant($"private const int StateLength = {plan.StateLength};"));
        writer.Line();
        writer.Line("/// <summary>Floats of training tape per time step: what the backward pass and the weight gradients read.</summary>");
        writer.Line(Invariant($"private const int TapeLengthPerStep = {plan.TapeLengthPerStep};"));
        writer.Line();
        writer.Line("/// <summary>Floats of deltas per time step: what the backward pass records for the weight gradients.</summary>");
        writer.Line(Invariant($"private const int DeltaLengthPerStep = {plan.DeltaLengthPerStep};"));
        writer.Line();
        writer.Line("/// <summary>Independent parts of the weight gradients: one per block of 8 units of each layer, one per embedding table.</summary>");
        writer.Line(Invariant($"private const int GradientWorkItems = {spec.Layers.Sum(WorkItems)};"));
        writer.Line();
        writer.Line($"static int {Interface(spec)}.TapeLengthPerStep => TapeLengthPerStep;");
        writer.Line();
        writer.Line($"static int {Interface(spec)}.DeltaLengthPerStep => DeltaLengthPerStep;");
        writer.Line();
        writer.Line($"static int {Interface(spec)}.GradientWorkItems => GradientWorkItems;");
        writer.Line();
        writer.Line("/// <summary>Floats of backward scratch per row: its output gradients and the gradients it carries back through time.</summary>");
        writer.Line(Invariant($"private const int BackwardScratchPerRow = {plan.BackwardScratchLength};"));
        writer.Line();
        int tileRows = plan.BackwardScratchLength * ForwardKernelEmitter.TileStreams <= MaxBackwardScratch ? ForwardKernelEmitter.TileStreams : 1;
        writer.Line(tileRows > 1
            ? "/// <summary>Rows the backward pass serves in lock-step: each weight load of its transposed products serves all of them.</summary>"
            : Invariant($"/// <summary>Rows the backward pass serves in lock-step: one, since a tile's scratch would pass {MaxBackwardScratch} floats on the stack.</summary>"));
        writer.Line(Invariant($"private const int BackwardTileRows = {tileRows};"));
        writer.Line();
        writer.Line("/// <summary>Gradients carried back through time for a tile of rows, kept on the stack.</summary>");
        writer.Line(Invariant($"[{Types.InlineArray}({tileRows * plan.BackwardScratchLength})]"));
        using (writer.Open("private struct BackwardScratch"))
        {
            writer.Line("private float _element0;");
        }

        writer.Line();
        ForwardTrainingEmitter.Emit(writer, spec, plan);
        writer.Line();
        EmitBackwardEntry(writer, spec, Interface(spec));
        writer.Line();
        EmitBackwardCore(writer, spec, plan);
        writer.Line();
        EmitWeightGradientsEntry(writer, spec, Interface(spec));
        writer.Line();
        EmitWeightGradientsCore(writer, spec, plan);
    }

    private static void EmitBackwardEntry(SourceWriter writer, ModelSpec spec, string contract)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.Backward({Types.ReadOnlySpan}<float> parameters, int steps, {Types.ReadOnlySpan}<float> tape, {Types.ReadOnlySpan}<float> outputGradients, bool logits, {Types.Span}<float> deltas)"))
        {
            writer.Line($"{Types.ArgumentGuard}.Length(parameters.Length, ParameterStorageLength, nameof(parameters));");
            writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
            writer.Line($"{Types.ArgumentGuard}.Tape(tape.Length, 1, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerStep(outputGradients.Length, steps, OutputSize, nameof(outputGradients));");
            writer.Line($"{Types.ArgumentGuard}.AtLeastPerRowStep(deltas.Length, 1, steps, DeltaLengthPerStep, nameof(deltas));");
            writer.Line("BackwardScratch scratch = default;");
            SimdDispatch.Emit(writer, "BackwardCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), 1, steps, ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputGradients), logits, ref {Types.MemoryMarshal}.GetReference(deltas), ref scratch");
        }

        writer.Line();
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.BackwardRows({Types.ReadOnlySpan}<float> parameters, int rows, int steps, {Types.ReadOnlySpan}<float> tape, {Types.ReadOnlySpan}<float> outputGradients, bool logits, {Types.Span}<float> deltas)"))
        {
            writer.Line($"{Types.ArgumentGuard}.Length(parameters.Length, ParameterStorageLength, nameof(parameters));");
            writer.Line($"{Types.ArgumentGuard}.Positive(rows, nameof(rows));");
            writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
            writer.Line($"{Types.ArgumentGuard}.Tape(tape.Length, rows, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerRowStep(outputGradients.Length, rows, steps, OutputSize, nameof(outputGradients));");
            writer.Line($"{Types.ArgumentGuard}.AtLeastPerRowStep(deltas.Length, rows, steps, DeltaLengthPerStep, nameof(deltas));");
            writer.Line("BackwardScratch scratch = default;");
            SimdDispatch.Emit(writer, "BackwardRowsCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), rows, steps, ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputGradients), logits, ref {Types.MemoryMarshal}.GetReference(deltas), ref scratch");
        }
    }

    private static void EmitWeightGradientsEntry(SourceWriter writer, ModelSpec spec, string contract)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.WeightGradients({Types.ReadOnlySpan}<float> inputs, {Types.ReadOnlySpan}<int> tokens, int rows, int steps, {Types.ReadOnlySpan}<float> tape, {Types.ReadOnlySpan}<float> deltas, {Types.Span}<float> gradients, int item)"))
        {
            writer.Line($"{Types.ArgumentGuard}.Positive(rows, nameof(rows));");
            writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
            CheckSequenceInputs(writer, spec, rows: "rows");
            writer.Line($"{Types.ArgumentGuard}.Tape(tape.Length, rows, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.AtLeastPerRowStep(deltas.Length, rows, steps, DeltaLengthPerStep, nameof(deltas));");
            writer.Line($"{Types.ArgumentGuard}.Length(gradients.Length, ParameterStorageLength, nameof(gradients));");
            writer.Line($"{Types.ArgumentGuard}.Index(item, GradientWorkItems, nameof(item));");
            SimdDispatch.Emit(writer, "WeightGradientsCore", $"ref {Types.MemoryMarshal}.GetReference(inputs), ref {Types.MemoryMarshal}.GetReference(tokens), rows, steps, ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(deltas), ref {Types.MemoryMarshal}.GetReference(gradients), item");
        }
    }

    /// <summary>The interface whose members only the runtime's Trainer calls: implemented explicitly, so they stay off the model's own surface.</summary>
    internal static string Interface(ModelSpec spec) => $"{Types.IRecurrentModel}<{spec.TypeName}>";

    /// <summary>Checks the inputs or tokens of one sequence (<paramref name="rows"/> null) or of a batch of rows.</summary>
    internal static void CheckSequenceInputs(SourceWriter writer, ModelSpec spec, string? rows)
    {
        if (spec.TokenInput)
        {
            writer.Line(rows is null
                ? $"{Types.ArgumentGuard}.Length(tokens.Length, steps, nameof(tokens));"
                : $"{Types.ArgumentGuard}.LengthPerRowStep(tokens.Length, {rows}, steps, 1, nameof(tokens));");
            writer.Line($"{Types.ArgumentGuard}.Tokens(tokens, VocabularySize, nameof(tokens));");
        }
        else
        {
            writer.Line(rows is null
                ? $"{Types.ArgumentGuard}.LengthPerStep(inputs.Length, steps, InputSize, nameof(inputs));"
                : $"{Types.ArgumentGuard}.LengthPerRowStep(inputs.Length, {rows}, steps, InputSize, nameof(inputs));");
        }
    }

    /// <summary>Step t's tape of a row, after step 0 (the starting state), and the one before it, which holds h₋₁ and c₋₁.</summary>
    internal static void StepReferences(SourceWriter writer, string row = "")
    {
        writer.Line($"ref float previous{row} = ref {Types.Unsafe}.Add(ref tape{row}, t * TapeLengthPerStep);");
        writer.Line($"ref float step{row} = ref {Types.Unsafe}.Add(ref previous{row}, TapeLengthPerStep);");
    }

    private static void EmitBackwardCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void BackwardRowsCore{Generic}(ref float parameters, int rows, int steps, ref float tape, ref float outputGradients, bool logits, ref float deltas, ref BackwardScratch scratch) {Types.LanesConstraints}"))
        {
            EmitRowTiles(writer, "BackwardTileRows", $"BackwardCore{Generic}({BackwardRowArguments("BackwardTileRows")});", $"BackwardCore{Generic}({BackwardRowArguments("1")});");
        }

        writer.Line();
        writer.Line("/// <summary>Backpropagation through time for <paramref name=\"rows\"/> rows in lock-step (1, or a tile that shares each weight load of the transposed products).</summary>");
        using (writer.Open($"private static void BackwardCore{Generic}(ref float parameters, int rows, int steps, ref float tape, ref float outputGradients, bool logits, ref float deltas, ref BackwardScratch scratch) {Types.LanesConstraints}"))
        {
            writer.Line("// the gradients carried back through time start at zero for every row");
            writer.Line($"{Types.MemoryMarshal}.CreateSpan(ref scratch[0], rows * BackwardScratchPerRow).Clear();");
            writer.Line("nint tapeRow = ((nint)steps + 1) * TapeLengthPerStep;");
            writer.Line("nint deltaRow = (nint)steps * DeltaLengthPerStep;");
            writer.Line("nint outputRow = (nint)steps * OutputSize;");
            writer.Line($"{Types.BackwardRows} intoScratch = new(rows, tapeRow, BackwardScratchPerRow, deltaRow, inputGradientStride: BackwardScratchPerRow);");
            if (spec.TokenInput)
            {
                writer.Line("// the layer above the Embedding records its input gradient with the deltas, for the table's gradient");
                writer.Line($"{Types.BackwardRows} intoDeltas = new(rows, tapeRow, BackwardScratchPerRow, deltaRow, inputGradientStride: deltaRow);");
            }

            using (writer.Open("for (int t = steps - 1; t >= 0; t--)"))
            {
                StepReferences(writer);
                writer.Line($"ref float delta = ref {Types.Unsafe}.Add(ref deltas, t * DeltaLengthPerStep);");
                writer.Line("// dL/d(outputs) of step t enters at the last layer");
                using (writer.Open("for (int r = 0; r < rows; r++)"))
                {
                    writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref outputGradients, (r * outputRow) + (t * OutputSize)), OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref scratch[(r * BackwardScratchPerRow) + {plan.OutputGradient(spec.LastLayer)}], OutputSize));"));
                }

                for (int k = spec.Layers.Count - 1; k >= 0; k--)
                {
                    if (spec.Layers[k].Kind != LayerKind.Embedding)
                    {
                        EmitLayerBackward(writer, spec, plan, spec.Layers[k]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Emits a loop over the batch's rows: whole tiles of <paramref name="tile"/> rows through <paramref name="tileCall"/>,
    /// then the rows left over one at a time through <paramref name="rowCall"/> (both start at row <c>row</c>).
    /// </summary>
    internal static void EmitRowTiles(SourceWriter writer, string tile, string tileCall, string rowCall)
    {
        writer.Line("int row = 0;");
        writer.Line($"// row <= rows - {tile}, not row + {tile} <= rows, which would overflow near int.MaxValue");
        using (writer.Open($"for (; row <= rows - {tile}; row += {tile})"))
        {
            writer.Line(tileCall);
        }

        using (writer.Open("for (; row < rows; row++)"))
        {
            writer.Line(rowCall);
        }
    }

    /// <summary>The arguments of a backward core that starts at row <c>row</c> of every buffer.</summary>
    private static string BackwardRowArguments(string rows) =>
        $"ref parameters, {rows}, steps, ref {Types.Unsafe}.Add(ref tape, (nint)row * (((nint)steps + 1) * TapeLengthPerStep)), ref {Types.Unsafe}.Add(ref outputGradients, (nint)row * steps * OutputSize), logits, ref {Types.Unsafe}.Add(ref deltas, (nint)row * steps * DeltaLengthPerStep), ref scratch";

    private static void EmitLayerBackward(SourceWriter writer, ModelSpec spec, TrainingPlan plan, LayerModel layer)
    {
        writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
        LayerKindDescription kind = LayerKindDescription.Of(layer);
        LayerSlots slots = plan.Slots(layer);
        bool aboveEmbedding = layer.Index > 0 && spec.Layers[layer.Index - 1].Kind == LayerKind.Embedding;
        var arguments = new List<(string Name, string Value)> { ("shape", Shape(layer)) };
        arguments.AddRange(LayerKindDescription.BackwardOptions(layer, lastLayer: layer.Index == spec.Layers.Count - 1));
        arguments.Add(("rows", aboveEmbedding ? "intoDeltas" : "intoScratch"));
        arguments.Add(("weights", Invariant($"ref {Types.Unsafe}.Add(ref parameters, {layer.Offset})")));
        arguments.AddRange(TapeArguments(plan, layer, kind.Backward));
        arguments.Add(("outputGradient", Invariant($"ref scratch[{plan.OutputGradient(layer)}]")));
        foreach (StateSlot slot in kind.State)
        {
            arguments.Add((slot.GradientParameter, Invariant($"ref scratch[{plan.StateGradient(layer, slot.Name)}]")));
        }

        arguments.Add(("inputGradient", InputGradient(spec, plan, layer)));
        arguments.Add(("computeInputGradient", layer.Index > 0 ? "true" : "false"));
        foreach (DeltaSlot slot in kind.Deltas)
        {
            arguments.Add((slot.Parameter, Invariant($"ref {Types.Unsafe}.Add(ref delta, {slots.Delta(slot.Parameter)})")));
        }

        if (kind.StepScratch is { } stepScratch)
        {
            arguments.Add((stepScratch, Invariant($"ref scratch[{plan.StepScratch}]")));
        }

        Call(writer, kind.BackwardKernel + Generic, arguments);
    }

    /// <summary>Where a layer writes dL/d(its input): the layer below's output gradient, or an Embedding's record of it.</summary>
    private static string InputGradient(ModelSpec spec, TrainingPlan plan, LayerModel layer)
    {
        if (layer.Index == 0)
        {
            // The first layer's input needs no gradient; its slot is never written, so any buffer will do.
            return "ref delta";
        }

        LayerModel below = spec.Layers[layer.Index - 1];
        return below.Kind == LayerKind.Embedding
            ? Invariant($"ref {Types.Unsafe}.Add(ref delta, {plan.Slots(below).Delta(LayerKindDescription.Of(below).Deltas[0].Parameter)})")
            : Invariant($"ref scratch[{plan.OutputGradient(below)}]");
    }

    private static void EmitWeightGradientsCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void WeightGradientsCore{Generic}(ref float inputs, ref int tokens, int rows, int steps, ref float tape, ref float deltas, ref float gradients, int item) {Types.LanesConstraints}"))
        {
            writer.Line("// a row's tape holds steps + 1 steps (step 0: the state it started from), its deltas steps steps");
            writer.Line("nint tapeRow = ((nint)steps + 1) * TapeLengthPerStep;");
            writer.Line("nint deltaRow = (nint)steps * DeltaLengthPerStep;");
            foreach (LayerModel layer in spec.Layers)
            {
                EmitLayerWeightGradients(writer, spec, plan, layer);
            }
        }
    }

    private static void EmitLayerWeightGradients(SourceWriter writer, ModelSpec spec, TrainingPlan plan, LayerModel layer)
    {
        LayerKindDescription kind = LayerKindDescription.Of(layer);
        LayerSlots slots = plan.Slots(layer);
        int items = WorkItems(layer);
        bool embedding = layer.Kind == LayerKind.Embedding;
        writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}: {(embedding ? "one item for the table" : "one item per block of 8 units")}"));
        using (writer.Open(Invariant($"if (item < {items})")))
        {
            var arguments = new List<(string Name, string Value)>();
            if (embedding)
            {
                arguments.Add(("tableGradients", Invariant($"ref {Types.Unsafe}.Add(ref gradients, {layer.Offset})")));
                arguments.Add(("size", Invariant($"{layer.Size}")));
                arguments.Add(("tokens", "ref tokens"));
            }
            else
            {
                arguments.Add(("shape", Shape(layer)));
                arguments.AddRange(LayerKindDescription.GradientOptions(layer));
                arguments.Add(("block", "item"));
                arguments.Add(("gradients", Invariant($"ref {Types.Unsafe}.Add(ref gradients, {layer.Offset})")));
            }

            foreach (DeltaSlot slot in kind.Deltas)
            {
                arguments.Add((slot.Parameter, Invariant($"new {Types.SequenceBuffer}(ref {Types.Unsafe}.Add(ref deltas, {slots.Delta(slot.Parameter)}), deltaRow, DeltaLengthPerStep)")));
            }

            if (!embedding)
            {
                arguments.Add(("input", InputSource(spec, plan, layer)));
            }

            foreach (TapeArgument source in kind.GradientSources)
            {
                string offset = Invariant($"{(source.Previous ? "" : "TapeLengthPerStep + ")}{slots.Tape(source.Slot)}");
                arguments.Add((source.Parameter, $"new {Types.SequenceBuffer}(ref {Types.Unsafe}.Add(ref tape, {offset}), tapeRow, TapeLengthPerStep)"));
            }

            arguments.Add(("rows", "rows"));
            arguments.Add(("steps", "steps"));
            Call(writer, kind.GradientKernel + (embedding ? "" : Generic), arguments);
            writer.Line("return;");
        }

        writer.Line(Invariant($"item -= {items};"));
    }

    /// <summary>A layer's input at every (row, step): the batch's inputs, or the layer below's output in the tape.</summary>
    private static string InputSource(ModelSpec spec, TrainingPlan plan, LayerModel layer) => layer.Index == 0
        ? $"new {Types.SequenceBuffer}(ref inputs, (nint)steps * InputSize, InputSize)"
        : Invariant($"new {Types.SequenceBuffer}(ref {Types.Unsafe}.Add(ref tape, TapeLengthPerStep + {plan.Slots(spec.Layers[layer.Index - 1]).Output}), tapeRow, TapeLengthPerStep)");

    /// <summary>Work items of one layer's weight gradients: its blocks, or the whole table of an Embedding.</summary>
    private static int WorkItems(LayerModel layer) => layer.Kind == LayerKind.Embedding ? 1 : layer.BlockCount;

    internal static string Shape(LayerModel layer) =>
        Invariant($"new {Types.BlockShape}({layer.InputSize}, {layer.Size}, {layer.Gates}, recurrent: {(layer.IsRecurrent ? "true" : "false")})");

    /// <summary>The kernel arguments that point into a row's tape: step t's slots, or step t − 1's for h₋₁ and c₋₁.</summary>
    internal static List<(string Name, string Value)> TapeArguments(TrainingPlan plan, LayerModel layer, IEnumerable<TapeArgument> buffers, string row = "")
    {
        LayerSlots slots = plan.Slots(layer);
        var arguments = new List<(string Name, string Value)>();
        foreach (TapeArgument buffer in buffers)
        {
            arguments.Add((buffer.Parameter, Invariant($"ref {Types.Unsafe}.Add(ref {(buffer.Previous ? "previous" : "step")}{row}, {slots.Tape(buffer.Slot)})")));
        }

        return arguments;
    }

    /// <summary>Writes a call with one named argument per line: training kernels take many buffers.</summary>
    internal static void Call(SourceWriter writer, string method, List<(string Name, string Value)> arguments)
    {
        writer.Line(method + "(");
        for (int i = 0; i < arguments.Count; i++)
        {
            writer.Line($"    {arguments[i].Name}: {arguments[i].Value}{(i == arguments.Count - 1 ? ");" : ",")}");
        }
    }

    /// <summary>Where a row's layer reads its input at step t: the sequence, or the layer below (an Embedding's recorded row) in the tape.</summary>
    internal static string LayerInput(ModelSpec spec, TrainingPlan plan, LayerModel layer, string row = "") => layer.Index == 0
        ? $"{Types.Unsafe}.Add(ref inputs{row}, t * InputSize)"
        : Invariant($"{Types.Unsafe}.Add(ref step{row}, {plan.Slots(spec.Layers[layer.Index - 1]).Output})");
}
