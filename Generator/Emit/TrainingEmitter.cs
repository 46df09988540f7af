using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits the training entry points the runtime's Trainer calls through IRecurrentModel: a forward pass that
/// records a tape, and backpropagation through time over it. The backward math lives in the runtime's
/// RnnCodegen.Simd.Backward kernels, which are aggressively inlined here with constant shapes.
/// </summary>
internal static class TrainingEmitter
{
    private const string Generic = "<TLanes, TVector>";
    private const string Constraints = $"where TLanes : struct, {Types.ILanes}<TVector> where TVector : struct";

    public static void Emit(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        writer.Line("/// <summary>Floats of recurrent state per stream, in the order of <see cref=\"State\"/>'s fields.</summary>");
        writer.Line(Invariant($"private const int StateLength = {plan.StateLength};"));
        writer.Line();
        writer.Line("/// <summary>Floats of training tape per time step: what the backward pass reads.</summary>");
        writer.Line(Invariant($"private const int TapeLengthPerStep = {plan.TapeLengthPerStep};"));
        writer.Line();
        writer.Line($"static int {Interface(spec)}.TapeLengthPerStep => TapeLengthPerStep;");
        writer.Line();
        writer.Line("/// <summary>Gradient buffers of the backward pass, kept on the stack.</summary>");
        writer.Line(Invariant($"[{Types.InlineArray}({plan.BackwardScratchLength})]"));
        using (writer.Open("private struct BackwardScratch"))
        {
            writer.Line("private float _element0;");
        }

        writer.Line();
        EmitForwardEntry(writer, spec, Interface(spec));
        writer.Line();
        EmitForwardCore(writer, spec, plan);
        writer.Line();
        EmitBackwardEntry(writer, spec, Interface(spec));
        writer.Line();
        EmitBackwardCore(writer, spec, plan);
    }

    private static void EmitForwardEntry(SourceWriter writer, ModelSpec spec, string contract)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.ForwardTraining({Types.ReadOnlySpan}<float> parameters, {Types.ReadOnlySpan}<float> inputs, {Types.ReadOnlySpan}<int> tokens, int steps, {Types.Span}<float> state, {Types.Span}<float> tape, {Types.Span}<float> outputs, bool logits)"))
        {
            CheckSequence(writer, spec);
            writer.Line($"{Types.ArgumentGuard}.Length(state.Length, StateLength, nameof(state));");
            writer.Line($"{Types.ArgumentGuard}.AtLeast(tape.Length, steps * TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.Length(outputs.Length, steps * OutputSize, nameof(outputs));");
            SimdDispatch.Emit(writer, "ForwardTrainingCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), ref {Types.MemoryMarshal}.GetReference(inputs), ref {Types.MemoryMarshal}.GetReference(tokens), steps, ref {Types.MemoryMarshal}.GetReference(state), ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputs), logits");
        }
    }

    private static void EmitBackwardEntry(SourceWriter writer, ModelSpec spec, string contract)
    {
        writer.Line("/// <inheritdoc/>");
        using (writer.Open($"static void {contract}.Backward({Types.ReadOnlySpan}<float> parameters, {Types.ReadOnlySpan}<float> inputs, {Types.ReadOnlySpan}<int> tokens, int steps, {Types.ReadOnlySpan}<float> initialState, {Types.ReadOnlySpan}<float> tape, {Types.ReadOnlySpan}<float> outputGradients, bool logits, {Types.Span}<float> gradients)"))
        {
            CheckSequence(writer, spec);
            writer.Line($"{Types.ArgumentGuard}.Length(initialState.Length, StateLength, nameof(initialState));");
            writer.Line($"{Types.ArgumentGuard}.AtLeast(tape.Length, steps * TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.Length(outputGradients.Length, steps * OutputSize, nameof(outputGradients));");
            writer.Line($"{Types.ArgumentGuard}.Length(gradients.Length, ParameterStorageLength, nameof(gradients));");
            writer.Line("BackwardScratch scratch = default;");
            SimdDispatch.Emit(writer, "BackwardCore", $"ref {Types.MemoryMarshal}.GetReference(parameters), ref {Types.MemoryMarshal}.GetReference(inputs), ref {Types.MemoryMarshal}.GetReference(tokens), steps, ref {Types.MemoryMarshal}.GetReference(initialState), ref {Types.MemoryMarshal}.GetReference(tape), ref {Types.MemoryMarshal}.GetReference(outputGradients), logits, ref {Types.MemoryMarshal}.GetReference(gradients), ref scratch");
        }
    }

    /// <summary>The interface whose members only the runtime's Trainer calls: implemented explicitly, so they stay off the model's own surface.</summary>
    private static string Interface(ModelSpec spec) => $"{Types.IRecurrentModel}<{spec.TypeName}>";

    private static void CheckSequence(SourceWriter writer, ModelSpec spec)
    {
        writer.Line($"{Types.ArgumentGuard}.Length(parameters.Length, ParameterStorageLength, nameof(parameters));");
        writer.Line($"{Types.ArgumentGuard}.Positive(steps, nameof(steps));");
        if (spec.TokenInput)
        {
            writer.Line($"{Types.ArgumentGuard}.Length(tokens.Length, steps, nameof(tokens));");
            writer.Line($"{Types.ArgumentGuard}.Tokens(tokens, VocabularySize, nameof(tokens));");
        }
        else
        {
            writer.Line($"{Types.ArgumentGuard}.Length(inputs.Length, steps * InputSize, nameof(inputs));");
        }
    }

    private static void EmitForwardCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void ForwardTrainingCore{Generic}(ref float parameters, ref float inputs, ref int tokens, int steps, ref float state, ref float tape, ref float outputs, bool logits) {Constraints}"))
        {
            using (writer.Open("for (int t = 0; t < steps; t++)"))
            {
                writer.Line($"ref float step = ref {Types.Unsafe}.Add(ref tape, t * TapeLengthPerStep);");
                foreach (LayerModel layer in spec.Layers.Where(layer => layer.Kind != LayerKind.Embedding))
                {
                    LayerSlots slots = plan.Slots(layer);
                    writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                    string method = ForwardKernelEmitter.Method(layer, Types.TrainingTape);
                    var arguments = new List<(string Name, string Value)>
                    {
                        ("parameters", "ref parameters"),
                        ("input", "ref " + LayerInput(spec, plan, layer)),
                    };
                    if (layer.Kind == LayerKind.Dense)
                    {
                        arguments.Add(("output", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Output})")));
                        arguments.Add(("preActivation", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Extra})")));
                    }
                    else
                    {
                        writer.Line(Invariant($"ref float previousHidden{layer.Index} = ref {Previous(slots.StateHidden, slots.Output)};"));
                        arguments.Add(("hidden", Invariant($"ref previousHidden{layer.Index}")));
                        arguments.Add(("newHidden", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Output})")));
                        switch (layer.Kind)
                        {
                            case LayerKind.Lstm:
                                writer.Line(Invariant($"ref float previousCells{layer.Index} = ref {Previous(slots.StateCells, slots.Cells)};"));
                                arguments.Add(("previousCells", Invariant($"ref previousCells{layer.Index}")));
                                arguments.Add(("newCells", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Cells})")));
                                arguments.Add(("gates", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Gates})")));
                                break;
                            case LayerKind.Gru when layer.ResetAfter:
                                arguments.Add(("gates", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Gates})")));
                                arguments.Add(("candidateHiddenSums", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Extra})")));
                                break;
                            case LayerKind.Gru:
                                arguments.Add(("work", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Extra})")));
                                arguments.Add(("gates", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Gates})")));
                                break;
                        }
                    }

                    Call(writer, method, arguments);
                }

                LayerSlots last = plan.Slots(spec.LastLayer);
                string source = spec.LastLayer.Kind == LayerKind.Dense
                    ? Invariant($"logits ? {last.Extra} : {last.Output}")
                    : Invariant($"{last.Output}");
                writer.Line("// the step's outputs: activated, or the last Dense layer's W x + b when the loss wants logits");
                writer.Line($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref step, {source}), OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref outputs, t * OutputSize), OutputSize));");
            }

            writer.Line("// the final state, for truncated backpropagation through time across calls");
            writer.Line($"ref float final = ref {Types.Unsafe}.Add(ref tape, (steps - 1) * TapeLengthPerStep);");
            foreach (LayerModel layer in spec.Layers.Where(layer => layer.IsRecurrent))
            {
                LayerSlots slots = plan.Slots(layer);
                writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref final, {slots.Output}), {layer.PaddedSize}).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref state, {slots.StateHidden}), {layer.PaddedSize}));"));
                if (layer.Kind == LayerKind.Lstm)
                {
                    writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref final, {slots.Cells}), {layer.PaddedSize}).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref state, {slots.StateCells}), {layer.PaddedSize}));"));
                }
            }
        }
    }

    private static void EmitBackwardCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void BackwardCore{Generic}(ref float parameters, ref float inputs, ref int tokens, int steps, ref float state, ref float tape, ref float outputGradients, bool logits, ref float gradients, ref BackwardScratch scratch) {Constraints}"))
        {
            writer.Line("ref float deltas = ref scratch[" + Invariant($"{plan.Deltas}") + "];");
            using (writer.Open("for (int t = steps - 1; t >= 0; t--)"))
            {
                writer.Line($"ref float step = ref {Types.Unsafe}.Add(ref tape, t * TapeLengthPerStep);");
                writer.Line("// dL/d(outputs) of step t enters at the last layer");
                writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref outputGradients, t * OutputSize), OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref scratch[{plan.OutputGradient(spec.LastLayer)}], OutputSize));"));
                for (int k = spec.Layers.Count - 1; k >= 0; k--)
                {
                    EmitLayerBackward(writer, spec, plan, spec.Layers[k]);
                }
            }
        }
    }

    private static void EmitLayerBackward(SourceWriter writer, ModelSpec spec, TrainingPlan plan, LayerModel layer)
    {
        writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
        if (layer.Kind == LayerKind.Embedding)
        {
            Call(writer, $"{Types.EmbeddingBackward}.Step", [
                ("tableGradients", Invariant($"ref {Types.Unsafe}.Add(ref gradients, {layer.Offset})")),
                ("token", $"{Types.Unsafe}.Add(ref tokens, t)"),
                ("size", Invariant($"{layer.Size}")),
                ("embeddingGradient", Invariant($"ref scratch[{plan.OutputGradient(layer)}]"))]);
            return;
        }

        LayerSlots slots = plan.Slots(layer);
        bool hasInputGradient = layer.Index > 0;
        var arguments = new List<(string Name, string Value)>
        {
            ("shape", Invariant($"new {Types.BlockShape}({layer.InputSize}, {layer.Size}, {layer.Gates}, recurrent: {(layer.IsRecurrent ? "true" : "false")})")),
        };
        switch (layer.Kind)
        {
            case LayerKind.Dense:
                arguments.Add(("activation", $"{Types.Activation}.{layer.Activation}"));
                arguments.Add(("preActivationGradient", layer.Index == spec.Layers.Count - 1 ? "logits" : "false"));
                break;
            case LayerKind.SimpleRnn:
                arguments.Add(("relu", layer.Activation == Activation.Relu ? "true" : "false"));
                break;
            case LayerKind.Lstm:
                arguments.Add(("peepholes", layer.Peepholes ? "true" : "false"));
                break;
        }

        arguments.Add(("weights", Invariant($"ref {Types.Unsafe}.Add(ref parameters, {layer.Offset})")));
        arguments.Add(("gradients", Invariant($"ref {Types.Unsafe}.Add(ref gradients, {layer.Offset})")));
        arguments.Add(("input", "ref " + LayerInput(spec, plan, layer)));
        if (layer.IsRecurrent)
        {
            writer.Line(Invariant($"ref float previousHidden{layer.Index} = ref {Previous(slots.StateHidden, slots.Output)};"));
            arguments.Add(("previousHidden", Invariant($"ref previousHidden{layer.Index}")));
        }

        switch (layer.Kind)
        {
            case LayerKind.Dense:
                arguments.Add(("output", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Output})")));
                break;
            case LayerKind.SimpleRnn:
                arguments.Add(("hidden", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Output})")));
                break;
            case LayerKind.Lstm:
                writer.Line(Invariant($"ref float previousCells{layer.Index} = ref {Previous(slots.StateCells, slots.Cells)};"));
                arguments.Add(("previousCell", Invariant($"ref previousCells{layer.Index}")));
                arguments.Add(("cell", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Cells})")));
                arguments.Add(("gates", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Gates})")));
                break;
            default:
                arguments.Add(("gates", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Gates})")));
                arguments.Add((layer.ResetAfter ? "candidateHiddenSums" : "resetHidden", Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Extra})")));
                break;
        }

        arguments.Add(("outputGradient", Invariant($"ref scratch[{plan.OutputGradient(layer)}]")));
        if (layer.IsRecurrent)
        {
            arguments.Add(("hiddenGradient", Invariant($"ref scratch[{plan.HiddenGradient(layer)}]")));
        }

        if (layer.Kind == LayerKind.Lstm)
        {
            arguments.Add(("cellGradient", Invariant($"ref scratch[{plan.CellGradient(layer)}]")));
        }

        // The first layer's input needs no gradient; its slot is never written, so any buffer will do.
        arguments.Add(("inputGradient", hasInputGradient ? Invariant($"ref scratch[{plan.OutputGradient(spec.Layers[layer.Index - 1])}]") : "ref deltas"));
        arguments.Add(("computeInputGradient", hasInputGradient ? "true" : "false"));
        arguments.Add(("deltas", "ref deltas"));
        if (layer.Kind == LayerKind.Gru)
        {
            arguments.Add((layer.ResetAfter ? "hiddenDeltas" : "resetHiddenGradient", Invariant($"ref scratch[{plan.SecondDeltas}]")));
        }

        string method = layer.Kind switch
        {
            LayerKind.Dense => $"{Types.DenseBackward}.Step",
            LayerKind.SimpleRnn => $"{Types.SimpleRnnBackward}.Step",
            LayerKind.Lstm => $"{Types.LstmBackward}.Step",
            _ => layer.ResetAfter ? $"{Types.GruBackward}.StepResetAfter" : $"{Types.GruBackward}.StepResetBefore",
        };
        Call(writer, method + Generic, arguments);
    }

    /// <summary>Writes a call with one named argument per line: backward kernels take many buffers.</summary>
    private static void Call(SourceWriter writer, string method, List<(string Name, string Value)> arguments)
    {
        writer.Line(method + "(");
        for (int i = 0; i < arguments.Count; i++)
        {
            writer.Line($"    {arguments[i].Name}: {arguments[i].Value}{(i == arguments.Count - 1 ? ");" : ",")}");
        }
    }

    /// <summary>Where a layer reads its input at step t: the sequence, the token's embedding row, or the layer below in the tape.</summary>
    private static string LayerInput(ModelSpec spec, TrainingPlan plan, LayerModel layer)
    {
        if (layer.Index == 0)
        {
            return $"{Types.Unsafe}.Add(ref inputs, t * InputSize)";
        }

        LayerModel below = spec.Layers[layer.Index - 1];
        return below.Kind == LayerKind.Embedding
            ? Invariant($"{Types.Unsafe}.Add(ref parameters, {below.Offset} + ((nuint)(uint){Types.Unsafe}.Add(ref tokens, t) * {below.Size}))")
            : Invariant($"{Types.Unsafe}.Add(ref step, {plan.Slots(below).Output})");
    }

    /// <summary>A value of step t − 1: from the initial state at t = 0, else from the previous step's tape.</summary>
    private static string Previous(int stateOffset, int tapeOffset) =>
        Invariant($"(t == 0 ? ref {Types.Unsafe}.Add(ref state, {stateOffset}) : ref {Types.Unsafe}.Add(ref tape, ((t - 1) * TapeLengthPerStep) + {tapeOffset}))");
}
