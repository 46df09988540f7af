using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>Emits the public Step and Predict entry points, their checks and SIMD dispatch, and the per-step layer wiring.</summary>
internal static class StepEmitter
{
    public static void Emit(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        string input = spec.TokenInput ? "int token" : $"{Types.ReadOnlySpan}<float> input";
        string inputArgument = spec.TokenInput ? "token" : "input";
        string inputs = spec.TokenInput ? $"{Types.ReadOnlySpan}<int> tokens" : $"{Types.ReadOnlySpan}<float> inputs";

        writer.Line(spec.TokenInput
            ? "/// <summary>Feeds one token to the model's own state and writes the step's outputs.</summary>"
            : "/// <summary>Feeds one step of input to the model's own state and writes the step's outputs.</summary>");
        writer.Line(spec.TokenInput
            ? "/// <param name=\"token\">A token in [0, <see cref=\"VocabularySize\"/>).</param>"
            : "/// <param name=\"input\">Exactly <see cref=\"InputSize\"/> values.</param>");
        writer.Line("/// <param name=\"output\">Receives exactly <see cref=\"OutputSize\"/> values.</param>");
        writer.Line($"public void Step({input}, {Types.Span}<float> output) => Step(ref _state, {inputArgument}, output);");
        writer.Line();

        writer.Line("/// <summary>Advances <paramref name=\"state\"/> (one of many streams sharing these weights) by one step.</summary>");
        writer.Line("/// <param name=\"state\">The stream's state; <c>default</c> starts a new sequence.</param>");
        writer.Line(spec.TokenInput
            ? "/// <param name=\"token\">A token in [0, <see cref=\"VocabularySize\"/>).</param>"
            : "/// <param name=\"input\">Exactly <see cref=\"InputSize\"/> values.</param>");
        writer.Line("/// <param name=\"output\">Receives exactly <see cref=\"OutputSize\"/> values.</param>");
        using (writer.Open($"public void Step(ref State state, {input}, {Types.Span}<float> output)"))
        {
            writer.Line(spec.TokenInput
                ? $"{Types.ArgumentGuard}.Token(token, VocabularySize, nameof(token));"
                : $"{Types.ArgumentGuard}.Length(input.Length, InputSize, nameof(input));");
            writer.Line($"{Types.ArgumentGuard}.Length(output.Length, OutputSize, nameof(output));");
            writer.Line("Scratch scratch = default;");
            writer.Line($"ref float parameters = ref {Types.MemoryMarshal}.GetArrayDataReference(_parameters);");
            string source = spec.TokenInput ? "token" : $"ref {Types.MemoryMarshal}.GetReference(input)";
            SimdDispatch.Emit(writer, "StepCore", $"ref parameters, ref state, ref scratch, {source}, ref {Types.MemoryMarshal}.GetReference(output)");
        }

        writer.Line();
        EmitStreams(writer, spec);

        writer.Line();
        writer.Line(spec.TokenInput
            ? "/// <summary>Runs a whole token sequence from the zero state (the model's own state is not touched).</summary>"
            : "/// <summary>Runs a whole sequence from the zero state (the model's own state is not touched).</summary>");
        writer.Line(spec.TokenInput
            ? "/// <param name=\"tokens\">T ≥ 1 tokens, each in [0, <see cref=\"VocabularySize\"/>).</param>"
            : "/// <param name=\"inputs\">T ≥ 1 steps of <see cref=\"InputSize\"/> values, step after step.</param>");
        writer.Line("/// <param name=\"outputs\">Receives exactly T × <see cref=\"OutputSize\"/> values.</param>");
        using (writer.Open($"public void Predict({inputs}, {Types.Span}<float> outputs)"))
        {
            string first = spec.TokenInput ? "tokens" : "inputs";
            writer.Line($"int steps = {Types.ArgumentGuard}.Sequence({first}.Length, InputSize, outputs.Length, OutputSize, nameof({first}), nameof(outputs));");
            if (spec.TokenInput)
            {
                writer.Line($"{Types.ArgumentGuard}.Tokens(tokens, VocabularySize, nameof(tokens));");
            }

            writer.Line("State state = default;");
            writer.Line("Scratch scratch = default;");
            writer.Line($"ref float parameters = ref {Types.MemoryMarshal}.GetArrayDataReference(_parameters);");
            SimdDispatch.Emit(writer, "PredictCore", $"ref parameters, ref state, ref scratch, ref {Types.MemoryMarshal}.GetReference({first}), ref {Types.MemoryMarshal}.GetReference(outputs), steps");
        }

        writer.Line();
        SequenceTileEmitter.Emit(writer, spec, scratch);
        writer.Line();
        StreamTileEmitter.Emit(writer, spec, scratch);
        writer.Line();
        EmitStepCore(writer, spec, scratch);
    }

    /// <summary>Emits the public batched step: many caller-owned streams advanced by one step each.</summary>
    private static void EmitStreams(SourceWriter writer, ModelSpec spec)
    {
        string inputs = spec.TokenInput ? $"{Types.ReadOnlySpan}<int> tokens" : $"{Types.ReadOnlySpan}<float> inputs";
        string first = spec.TokenInput ? "tokens" : "inputs";
        writer.Line("/// <summary>Advances many streams sharing these weights by one step each: the same as <c>Step(ref states[s], …)</c> for every stream s.</summary>");
        writer.Line("/// <param name=\"states\">One state per stream; <c>default</c> starts a new sequence.</param>");
        writer.Line(spec.TokenInput
            ? "/// <param name=\"tokens\">One token per stream, each in [0, <see cref=\"VocabularySize\"/>).</param>"
            : "/// <param name=\"inputs\">Exactly <c>states.Length</c> × <see cref=\"InputSize\"/> values, stream after stream.</param>");
        writer.Line("/// <param name=\"outputs\">Receives exactly <c>states.Length</c> × <see cref=\"OutputSize\"/> values, stream after stream.</param>");
        using (writer.Open($"public void Step({Types.Span}<State> states, {inputs}, {Types.Span}<float> outputs)"))
        {
            writer.Line("// every check before any state moves, so a refused call changes nothing");
            if (spec.TokenInput)
            {
                writer.Line($"{Types.ArgumentGuard}.Length(tokens.Length, states.Length, nameof(tokens));");
                writer.Line($"{Types.ArgumentGuard}.StreamTokens(tokens, VocabularySize, nameof(tokens));");
            }
            else
            {
                writer.Line($"{Types.ArgumentGuard}.LengthPerStream(inputs.Length, states.Length, InputSize, nameof(inputs));");
            }

            writer.Line($"{Types.ArgumentGuard}.LengthPerStream(outputs.Length, states.Length, OutputSize, nameof(outputs));");
            writer.Line("Scratch scratch = default;");
            writer.Line($"ref float parameters = ref {Types.MemoryMarshal}.GetArrayDataReference(_parameters);");
            SimdDispatch.Emit(writer, "StepStreamsCore", $"ref parameters, ref {Types.MemoryMarshal}.GetReference(states), ref scratch, ref {Types.MemoryMarshal}.GetReference({first}), ref {Types.MemoryMarshal}.GetReference(outputs), states.Length");
        }
    }

    /// <summary>
    /// Emits a loop of single steps over rows of input and output: the time steps of one state (Predict) or one step
    /// of many states (the batched Step), told apart by <paramref name="state"/>, the state a row advances.
    /// </summary>
    internal static void EmitRowLoop(SourceWriter writer, ModelSpec spec, string name, string stateParameter, string count, string row, string state)
    {
        using (writer.Open($"private static void {name}<TLanes, TVector>(ref float parameters, {stateParameter}, ref Scratch scratch, {RowsParameter(spec)}, ref float outputs, int {count}) {Types.LanesConstraints}"))
        {
            using (writer.Open($"for (int {row} = 0; {row} < {count}; {row}++)"))
            {
                writer.Line(StepCoreCall(spec, row, state));
            }
        }
    }

    /// <summary>The rows of input of a loop of steps: floats, InputSize a row, or one token a row.</summary>
    internal static string RowsParameter(ModelSpec spec) => spec.TokenInput ? "ref int inputs" : "ref float inputs";

    /// <summary>A call of StepCore on row <paramref name="row"/> of <c>inputs</c> and <c>outputs</c>, advancing <paramref name="state"/>.</summary>
    internal static string StepCoreCall(ModelSpec spec, string row, string state)
    {
        string input = spec.TokenInput ? $"{Types.Unsafe}.Add(ref inputs, {row})" : $"ref {Types.Unsafe}.Add(ref inputs, {row} * InputSize)";
        return $"StepCore<TLanes, TVector>(ref parameters, {state}, ref scratch, {input}, ref {Types.Unsafe}.Add(ref outputs, {row} * OutputSize));";
    }

    private static void EmitStepCore(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        writer.Line("/// <summary>One time step through every layer; arguments were checked by the caller.</summary>");
        string input = spec.TokenInput ? "int token" : "ref float input";
        using (writer.Open($"private static void StepCore<TLanes, TVector>(ref float parameters, ref State state, ref Scratch scratch, {input}, ref float output) {Types.LanesConstraints}"))
        {
            string current = "input";
            DeclareNoTape(writer, spec.Layers);

            foreach (LayerModel layer in spec.Layers)
            {
                writer.Line(Invariant($"// layer {layer.Index}: {layer.Title}"));
                current = EmitLayer(writer, layer, scratch, string.Empty, current);
            }

            writer.Line("// the last layer's outputs, without the padding of its last block");
            CopyOutputs(writer, current, "output");
        }
    }

    /// <summary>
    /// Emits one layer of one stream's step and returns the name of its output. The stream's locals (<c>state</c>,
    /// <c>scratch</c>, <c>token</c>) carry <paramref name="stream"/> as a suffix: empty in StepCore, its index in a tile.
    /// </summary>
    internal static string EmitLayer(SourceWriter writer, LayerModel layer, ScratchPlan scratch, string stream, string current)
    {
        string method = ForwardKernelEmitter.Method(layer, Types.NoTape);
        string tape = string.Concat(ForwardKernelEmitter.TapeParameters(layer).Select(_ => ", ref noTape"));
        switch (layer.Kind)
        {
            case LayerKind.Embedding:
                writer.Line(Invariant($"ref float embedded{stream} = ref {Types.Unsafe}.Add(ref parameters, {layer.Offset} + ((nuint)(uint)token{stream} * {layer.Size}));"));
                return "embedded" + stream;
            case LayerKind.Dense:
                string output = Invariant($"scratch{stream}[{scratch.DenseOutputOffset(layer)}]");
                writer.Line($"{method}(ref parameters, ref {current}, ref {output}{tape});");
                return output;
            default:
                (string hidden, string newHidden) = HiddenBuffers(layer, stream);
                string cells = layer.Kind == LayerKind.Lstm ? $", ref state{stream}.{StateEmitter.CellField(layer)}[0], ref state{stream}.{StateEmitter.CellField(layer)}[0]" : string.Empty;
                string work = layer.Kind == LayerKind.Gru && !layer.ResetAfter ? Invariant($", ref scratch{stream}[{scratch.GruWorkOffset}]") : string.Empty;
                writer.Line($"{method}(ref parameters, ref {current}, ref {hidden}[0], ref {newHidden}{cells}{work}{tape});");
                ReplaceHidden(writer, layer, hidden, newHidden);
                return hidden + "[0]";
        }
    }

    /// <summary>Names of the buffers one stream's recurrent layer reads and writes: its h₋₁ in the state, its new h in the scratch.</summary>
    internal static (string Hidden, string NewHidden) HiddenBuffers(LayerModel layer, string stream) =>
        ($"state{stream}.{StateEmitter.HiddenField(layer)}", Invariant($"scratch{stream}[{ScratchPlan.NewHiddenOffset}]"));

    internal static void ReplaceHidden(SourceWriter writer, LayerModel layer, string hidden, string newHidden)
    {
        writer.Line("// every block read all of h₋₁, so the new h replaces it only now");
        writer.Line(Invariant($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {newHidden}, {layer.PaddedSize}).CopyTo({hidden});"));
    }

    /// <summary>Copies the last layer's outputs, without the padding of its last block, from <paramref name="current"/> to <paramref name="output"/>.</summary>
    internal static void CopyOutputs(SourceWriter writer, string current, string output) =>
        writer.Line($"{Types.MemoryMarshal}.CreateReadOnlySpan(ref {current}, OutputSize).CopyTo({Types.MemoryMarshal}.CreateSpan(ref {output}, OutputSize));");

    /// <summary>Declares the reference the tape parameters of inference kernels receive, if any of <paramref name="layers"/> records.</summary>
    internal static void DeclareNoTape(SourceWriter writer, IEnumerable<LayerModel> layers)
    {
        if (layers.Any(layer => ForwardKernelEmitter.TapeParameters(layer).Length > 0))
        {
            writer.Line("// inference records nothing: the kernels run with NoTape, which never touches this");
            writer.Line($"ref float noTape = ref {Types.Unsafe}.NullRef<float>();");
        }
    }
}
