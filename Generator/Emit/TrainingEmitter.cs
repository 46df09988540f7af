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
            writer.Line($"{Types.ArgumentGuard}.AtLeastPerStep(tape.Length, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerStep(outputs.Length, steps, OutputSize, nameof(outputs));");
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
            writer.Line($"{Types.ArgumentGuard}.AtLeastPerStep(tape.Length, steps, TapeLengthPerStep, nameof(tape));");
            writer.Line($"{Types.ArgumentGuard}.LengthPerStep(outputGradients.Length, steps, OutputSize, nameof(outputGradients));");
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
            writer.Line($"{Types.ArgumentGuard}.LengthPerStep(inputs.Length, steps, InputSize, nameof(inputs));");
        }
    }

    private static void EmitForwardCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void ForwardTrainingCore{Generic}(ref float parameters, ref float inputs, ref int tokens, int steps, ref float state, ref float tape, ref float outputs, bool logits) {Types.LanesConstraints}"))
        {
            using (writer.Open("for (int t = 0; t < steps; t++)"))
            {
                writer.Line($"ref float step = ref {Types.Unsafe}.Add(ref tape, t * TapeLengthPerStep);");
                foreach (LayerModel layer in spec.Layers.Where(layer => layer.Kind != LayerKind.Embedding))
                {
                    writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                    var arguments = new List<(string Name, string Value)>
                    {
                        ("parameters", "ref parameters"),
                        ("input", "ref " + LayerInput(spec, plan, layer)),
                    };
                    arguments.AddRange(TapeArguments(writer, plan, layer, LayerKindDescription.Of(layer).Forward));
                    string method = ForwardKernelEmitter.Method(layer, Types.TrainingTape);
                    Call(writer, method, arguments);
                }

                LayerSlots last = plan.Slots(spec.LastLayer);
                string source = LayerKindDescription.Of(spec.LastLayer).Records is [LayerKindDescription.PreActivation]
                    ? Invariant($"logits ? {last.Tape(LayerKindDescription.PreActivation)} : {last.Output}")
                    : Invariant($"{last.Output}");
                writer.Line("// the step's outputs: activated, or the last Dense layer's W x + b when the loss wants logits");
                writer.Line($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref step, {source}), OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref outputs, t * OutputSize), OutputSize));");
            }

            writer.Line("// the final state, for truncated backpropagation through time across calls");
            writer.Line($"ref float final = ref {Types.Unsafe}.Add(ref tape, (steps - 1) * TapeLengthPerStep);");
            foreach (LayerModel layer in spec.Layers)
            {
                LayerSlots slots = plan.Slots(layer);
                foreach (StateSlot slot in LayerKindDescription.Of(layer).State)
                {
                    writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {Types.Unsafe}.Add(ref final, {slots.Tape(slot.Name)}), {layer.PaddedSize}).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {Types.Unsafe}.Add(ref state, {slots.State(slot.Name)}), {layer.PaddedSize}));"));
                }
            }
        }
    }

    private static void EmitBackwardCore(SourceWriter writer, ModelSpec spec, TrainingPlan plan)
    {
        using (writer.Open($"private static void BackwardCore{Generic}(ref float parameters, ref float inputs, ref int tokens, int steps, ref float state, ref float tape, ref float outputGradients, bool logits, ref float gradients, ref BackwardScratch scratch) {Types.LanesConstraints}"))
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

        LayerKindDescription kind = LayerKindDescription.Of(layer);
        bool hasInputGradient = layer.Index > 0;
        var arguments = new List<(string Name, string Value)>
        {
            ("shape", Invariant($"new {Types.BlockShape}({layer.InputSize}, {layer.Size}, {layer.Gates}, recurrent: {(layer.IsRecurrent ? "true" : "false")})")),
        };
        arguments.AddRange(LayerKindDescription.BackwardOptions(layer, lastLayer: layer.Index == spec.Layers.Count - 1));
        arguments.Add(("weights", Invariant($"ref {Types.Unsafe}.Add(ref parameters, {layer.Offset})")));
        arguments.Add(("gradients", Invariant($"ref {Types.Unsafe}.Add(ref gradients, {layer.Offset})")));
        arguments.Add(("input", "ref " + LayerInput(spec, plan, layer)));
        arguments.AddRange(TapeArguments(writer, plan, layer, kind.Backward));
        arguments.Add(("outputGradient", Invariant($"ref scratch[{plan.OutputGradient(layer)}]")));
        foreach (StateSlot slot in kind.State)
        {
            arguments.Add((slot.GradientParameter, Invariant($"ref scratch[{plan.StateGradient(layer, slot.Name)}]")));
        }

        // The first layer's input needs no gradient; its slot is never written, so any buffer will do.
        arguments.Add(("inputGradient", hasInputGradient ? Invariant($"ref scratch[{plan.OutputGradient(spec.Layers[layer.Index - 1])}]") : "ref deltas"));
        arguments.Add(("computeInputGradient", hasInputGradient ? "true" : "false"));
        arguments.Add(("deltas", "ref deltas"));
        if (kind.SecondDeltas is { } secondDeltas)
        {
            arguments.Add((secondDeltas, Invariant($"ref scratch[{plan.SecondDeltas}]")));
        }

        Call(writer, kind.BackwardKernel + Generic, arguments);
    }

    /// <summary>
    /// The kernel arguments that point into the tape; values of step t − 1 (h₋₁, c₋₁) get a local first, since at
    /// t = 0 they come from the initial state instead.
    /// </summary>
    private static List<(string Name, string Value)> TapeArguments(SourceWriter writer, TrainingPlan plan, LayerModel layer, IEnumerable<TapeArgument> buffers)
    {
        LayerSlots slots = plan.Slots(layer);
        var arguments = new List<(string Name, string Value)>();
        foreach (TapeArgument buffer in buffers)
        {
            if (buffer.Previous)
            {
                string local = Invariant($"{PreviousLocal(buffer.Slot)}{layer.Index}");
                writer.Line(Invariant($"ref float {local} = ref {Previous(slots.State(buffer.Slot), slots.Tape(buffer.Slot))};"));
                arguments.Add((buffer.Parameter, $"ref {local}"));
            }
            else
            {
                arguments.Add((buffer.Parameter, Invariant($"ref {Types.Unsafe}.Add(ref step, {slots.Tape(buffer.Slot)})")));
            }
        }

        return arguments;
    }

    private static string PreviousLocal(string slot) => slot == LayerKindDescription.Output ? "previousHidden" : "previous" + char.ToUpperInvariant(slot[0]) + slot.Substring(1);


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
