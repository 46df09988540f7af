using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Emits one static method per layer that computes one time step, generic over the vector width
/// (<c>TLanes</c>) so the same text serves the Vector256, Vector128 and scalar paths. Sizes and offsets are
/// constants, so every loop bound is known to the JIT.
/// </summary>
internal static partial class ForwardKernelEmitter
{
    private static readonly GateRow[] LstmRows = [new("inputGate", LstmLayout.InputGateOffset), new("forgetGate", LstmLayout.ForgetGateOffset), new("cellGate", LstmLayout.CellGateOffset), new("outputGate", LstmLayout.OutputGateOffset)];
    private static readonly GateRow Reset = new("reset", GruLayout.ResetGateOffset);
    private static readonly GateRow Update = new("update", GruLayout.UpdateGateOffset);
    private static readonly GateRow Candidate = new("candidate", GruLayout.CandidateGateOffset);
    private static readonly GateRow[] GruRows = [Reset, Update, Candidate];

    // n's hidden part, W_hn h₋₁ + b_hn (reset-after) or W_hn (r ⊙ h₋₁) + b_hn (reset-before), summed apart from its input part.
    private static readonly GateRow CandidateHidden = new("candidateHidden", GruLayout.CandidateGateOffset);

    // Independent accumulator sets per gate: with 3-4 gates a block, 2 sets keep 6-8 fused multiply-adds in flight.
    private const int GateChains = 2;

    // A kernel with one row (SimpleRnn, Dense) needs 4 sets for as many multiply-adds in flight.
    private const int SingleRowChains = 4;

    private static readonly GateRow[] SumRow = [new("sum", 0)];

    // A step kernel's one stream: its buffers carry no suffix (input, hidden), its accumulators are stream 0's.
    private static readonly string[] OneStream = [string.Empty];

    /// <summary>The forward kernel's name for <paramref name="layer"/>: <c>Layer{index}{Kind}</c>; tile kernels add <c>Streams</c>.</summary>
    private static string KernelName(LayerModel layer) => Invariant($"Layer{layer.Index}{layer.Kind}");

    /// <summary>
    /// The buffers a layer's kernel records into for the backward pass, in parameter order after its other buffers.
    /// A kernel with any is generic over a tape (<c>TTape</c>): inference passes NoTape and null references.
    /// </summary>
    public static string[] TapeParameters(LayerModel layer) => LayerKindDescription.Of(layer).Records;

    /// <summary>The kernel instantiated for a vector width and, if it records anything, for <paramref name="tape"/>.</summary>
    public static string Method(LayerModel layer, string tape) =>
        KernelName(layer) + (TapeParameters(layer).Length == 0 ? "<TLanes, TVector>" : $"<TLanes, TVector, {tape}>");

    /// <summary>
    /// Emits the layer's kernel. Recurrent kernels read h₋₁ (and c₋₁) and write h (and c) elsewhere, so the caller
    /// decides whether the new state replaces the old (inference) or is kept for the backward pass (training).
    /// The same body serves both: what the backward pass needs goes through <c>TTape.Record</c>.
    /// </summary>
    public static void Emit(SourceWriter writer, LayerModel layer) => Emit(writer, layer, StepPart.Whole);

    /// <summary>Emits the layer's whole step kernel, or for a recurrent layer its <see cref="StepPart.Recurrence"/> only.</summary>
    private static void Emit(SourceWriter writer, LayerModel layer, StepPart part)
    {
        switch (layer.Kind)
        {
            case LayerKind.SimpleRnn:
                EmitSimpleRnn(writer, layer, part);
                break;
            case LayerKind.Lstm:
                EmitLstm(writer, layer, part);
                break;
            case LayerKind.Gru when layer.ResetAfter:
                EmitGruResetAfter(writer, layer, part);
                break;
            case LayerKind.Gru:
                EmitGruResetBefore(writer, layer, part);
                break;
            case LayerKind.Dense:
                EmitDense(writer, layer);
                break;
            default:
                // An Embedding needs no kernel: its output is a row of the table.
                break;
        }
    }

    private static void EmitLstm(SourceWriter writer, LayerModel layer, StepPart part)
    {
        Summary(writer, layer, part, layer.Peepholes
            ? ["i = σ(W_ii x + b_ii + W_hi h₋₁ + b_hi + p_i ⊙ c₋₁),  f = σ(… + p_f ⊙ c₋₁),  g = tanh(…)", "c = f ⊙ c₋₁ + i ⊙ g,  o = σ(W_io x + b_io + W_ho h₋₁ + b_ho + p_o ⊙ c),  h = o ⊙ tanh(c)"]
            : ["i = σ(W_ii x + b_ii + W_hi h₋₁ + b_hi),  f = σ(…),  g = tanh(…),  o = σ(…)", "c = f ⊙ c₋₁ + i ⊙ g,  h = o ⊙ tanh(c)"]);
        using (writer.Open(Signature(layer, part, $"ref float parameters, {InputBuffer(part)}, ref float hidden, ref float newHidden, ref float previousCells, ref float newCells")))
        {
            BiasAndWeightRefs(writer, layer, part);
            using (BlockLoops(writer, layer))
            {
                LstmColumns(writer, layer, GateChains, OneStream, part);
                LstmUnits(writer, layer, Sum, string.Empty);
                Record(writer, part, LstmRows, string.Empty);
            }
        }
    }

    /// <summary>Accumulates the LSTM's gates for the streams whose buffers <paramref name="streams"/> suffixes.</summary>
    private static void LstmColumns(SourceWriter writer, LayerModel layer, int chains, string[] streams, StepPart part = StepPart.Whole)
    {
        if (layer.Peepholes)
        {
            writer.Line(Invariant($"nuint peephole = (block * {LstmLayout.PeepholeStride}) + lane;"));
        }

        writer.Line(part == StepPart.Recurrence ? "// gates = W_ih x + b_ih + b_hh, computed beforehand" : "// gates = b_ih + b_hh");
        ColumnLoopEmitter.Declare(writer, LstmRows, streams.Length, chains, [.. LstmRows.Select(row => GateStart(part, row.Offset))]);
        InputAndHiddenColumns(writer, layer, part, LstmRows, LstmRows, chains, streams);
    }

    /// <summary>
    /// Emits the LSTM's element-wise part for one register of units of one stream, from the gates' sums:
    /// <paramref name="sum"/> names a gate's finished sum, <paramref name="stream"/> suffixes the stream's buffers.
    /// </summary>
    private static void LstmUnits(SourceWriter writer, LayerModel layer, System.Func<string, string> sum, string stream)
    {
        writer.Line($"TVector previousCell = TLanes.Load(ref previousCells{stream}, unit);");
        if (layer.Peepholes)
        {
            writer.Line("// peepholes: i and f see c₋₁, o sees the new c");
            writer.Line($"TVector inputGate = TLanes.Sigmoid(TLanes.MultiplyAdd(TLanes.Load(ref peepholes, {Plus("peephole", LstmLayout.InputPeepholeOffset)}), previousCell, {sum("inputGate")}));");
            writer.Line($"TVector forgetGate = TLanes.Sigmoid(TLanes.MultiplyAdd(TLanes.Load(ref peepholes, {Plus("peephole", LstmLayout.ForgetPeepholeOffset)}), previousCell, {sum("forgetGate")}));");
        }
        else
        {
            writer.Line($"TVector inputGate = TLanes.Sigmoid({sum("inputGate")});");
            writer.Line($"TVector forgetGate = TLanes.Sigmoid({sum("forgetGate")});");
        }

        writer.Line($"TVector cellGate = TLanes.Tanh({sum("cellGate")});");
        writer.Line("// c = f ⊙ c₋₁ + i ⊙ g");
        writer.Line("TVector newCell = TLanes.MultiplyAdd(forgetGate, previousCell, TLanes.Multiply(inputGate, cellGate));");
        writer.Line(layer.Peepholes
            ? $"TVector outputGate = TLanes.Sigmoid(TLanes.MultiplyAdd(TLanes.Load(ref peepholes, {Plus("peephole", LstmLayout.OutputPeepholeOffset)}), newCell, {sum("outputGate")}));"
            : $"TVector outputGate = TLanes.Sigmoid({sum("outputGate")});");
        writer.Line($"TLanes.Store(newCell, ref newCells{stream}, unit);");
        writer.Line("// h = o ⊙ tanh(c)");
        writer.Line($"TLanes.Store(TLanes.Multiply(outputGate, TLanes.Tanh(newCell)), ref newHidden{stream}, unit);");
    }

    private static void EmitGruResetAfter(SourceWriter writer, LayerModel layer, StepPart part)
    {
        Summary(writer, layer, part, ["r = σ(W_ir x + b_ir + W_hr h₋₁ + b_hr),  z = σ(W_iz x + b_iz + W_hz h₋₁ + b_hz)", "n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn)),  h = (1 − z) ⊙ n + z ⊙ h₋₁"]);
        using (writer.Open(Signature(layer, part, $"ref float parameters, {InputBuffer(part)}, ref float hidden, ref float newHidden")))
        {
            BiasAndWeightRefs(writer, layer, part);
            using (BlockLoops(writer, layer))
            {
                GruResetAfterColumns(writer, layer, GateChains, OneStream, part);
                GruResetAfterUnits(writer, Sum, string.Empty, part);
                RecordGruResetAfter(writer, part, string.Empty);
            }
        }
    }

    /// <summary>Accumulates the reset-after GRU's gates for the streams whose buffers <paramref name="streams"/> suffixes.</summary>
    private static void GruResetAfterColumns(SourceWriter writer, LayerModel layer, int chains, string[] streams, StepPart part = StepPart.Whole)
    {
        GateRow candidateInput = new("candidateInput", GruLayout.CandidateGateOffset);
        if (part == StepPart.Recurrence)
        {
            writer.Line("// r and z start from W_i x + b_i + b_h, computed beforehand; n's hidden part starts from b_hn, since r scales only it");
            ColumnLoopEmitter.Declare(writer, [Reset, Update, CandidateHidden], streams.Length, chains,
                [GateStart(part, Reset.Offset), GateStart(part, Update.Offset), OneBias("hiddenBias", CandidateHidden.Offset)]);
        }
        else
        {
            writer.Line("// r and z start from b_i + b_h; n keeps its input part and its hidden part apart, since r scales only the latter");
            ColumnLoopEmitter.Declare(writer, [Reset, Update, candidateInput, CandidateHidden], streams.Length, chains,
                [BothBiases(Reset.Offset), BothBiases(Update.Offset), OneBias("inputBias", candidateInput.Offset), OneBias("hiddenBias", CandidateHidden.Offset)]);
        }

        InputAndHiddenColumns(writer, layer, part, [Reset, Update, candidateInput], [Reset, Update, CandidateHidden], chains, streams);
    }

    /// <summary>
    /// Emits the reset-after GRU's element-wise part for one register of units of one stream, from the gates' sums:
    /// <paramref name="sum"/> names a gate's finished sum, <paramref name="stream"/> suffixes the stream's buffers.
    /// </summary>
    private static void GruResetAfterUnits(SourceWriter writer, System.Func<string, string> sum, string stream, StepPart part = StepPart.Whole)
    {
        string candidateInput = part == StepPart.Recurrence ? GateStart(part, GruLayout.CandidateGateOffset) : sum("candidateInput");
        writer.Line($"TVector reset = TLanes.Sigmoid({sum("reset")});");
        writer.Line($"TVector update = TLanes.Sigmoid({sum("update")});");
        writer.Line("// n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn))");
        writer.Line($"TVector candidateHidden = {sum("candidateHidden")};");
        writer.Line($"TVector candidate = TLanes.Tanh(TLanes.MultiplyAdd(reset, candidateHidden, {candidateInput}));");
        writer.Line("// h = (1 − z) ⊙ n + z ⊙ h₋₁ = n + z ⊙ (h₋₁ − n)");
        writer.Line($"TLanes.Store(TLanes.MultiplyAdd(update, TLanes.Subtract(TLanes.Load(ref hidden{stream}, unit), candidate), candidate), ref newHidden{stream}, unit);");
    }

    private static void EmitGruResetBefore(SourceWriter writer, LayerModel layer, StepPart part)
    {
        Summary(writer, layer, part, ["r = σ(W_ir x + b_ir + W_hr h₋₁ + b_hr),  z = σ(W_iz x + b_iz + W_hz h₋₁ + b_hz)", "n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn),  h = (1 − z) ⊙ n + z ⊙ h₋₁"]);
        using (writer.Open(Signature(layer, part, $"ref float parameters, {InputBuffer(part)}, ref float hidden, ref float newHidden, ref float work")))
        {
            BiasAndWeightRefs(writer, layer, part);
            writer.Line("// W_hn needs r ⊙ h₋₁ of every unit, so r and z are finished for all blocks first");
            GruWork(writer, layer, string.Empty, part);
            using (BlockLoops(writer, layer))
            {
                GruResetBeforeColumns(writer, layer, GateChains, OneStream, part);
                GruResetBeforeGates(writer, Sum, string.Empty, part);
                Record(writer, part, [Reset, Update], string.Empty);
            }

            using (BlockLoops(writer, layer))
            {
                GruCandidateHiddenColumns(writer, layer, OneStream, SingleRowChains);
                GruResetBeforeUnits(writer, accumulator => ColumnLoopEmitter.Sum(accumulator, SingleRowChains), string.Empty, part);
                Record(writer, part, [Candidate], string.Empty);
            }
        }
    }

    /// <summary>Names the three work vectors of a stream's reset-before GRU (<paramref name="stream"/> suffixes them).</summary>
    private static void GruWork(SourceWriter writer, LayerModel layer, string stream, StepPart part = StepPart.Whole)
    {
        int padded = layer.PaddedSize;
        writer.Line($"ref float resetHidden{stream} = ref work{stream};");
        writer.Line(Invariant($"ref float updateGate{stream} = ref {Types.Unsafe}.Add(ref work{stream}, {padded});"));
        if (part != StepPart.Recurrence)
        {
            // a Recurrence kernel reads W_in x + b_in from its projection in both passes, so it keeps no copy
            writer.Line(Invariant($"ref float candidateInput{stream} = ref {Types.Unsafe}.Add(ref work{stream}, {2 * padded});"));
        }
    }

    /// <summary>n's input part W_in x + b_in in the second pass: the first pass's copy, or a Recurrence kernel's projection.</summary>
    private static string CandidateInput(StepPart part, string stream) =>
        part == StepPart.Recurrence ? GateStart(part, Candidate.Offset) : $"TLanes.Load(ref candidateInput{stream}, unit)";

    /// <summary>
    /// Accumulates r, z and the input part of n for the streams whose buffers <paramref name="streams"/> suffixes; a
    /// <see cref="StepPart.Recurrence"/> kernel starts r and z from the projection and takes n's input part whole from it.
    /// </summary>
    private static void GruResetBeforeColumns(SourceWriter writer, LayerModel layer, int chains, string[] streams, StepPart part = StepPart.Whole)
    {
        if (part == StepPart.Recurrence)
        {
            writer.Line("// r and z start from W_i x + b_i + b_h, and n's input part W_in x + b_in is whole: all computed beforehand");
            ColumnLoopEmitter.Declare(writer, [Reset, Update], streams.Length, chains, [GateStart(part, Reset.Offset), GateStart(part, Update.Offset)]);
        }
        else
        {
            ColumnLoopEmitter.Declare(writer, GruRows, streams.Length, chains, [BothBiases(Reset.Offset), BothBiases(Update.Offset), OneBias("inputBias", Candidate.Offset)]);
        }

        InputAndHiddenColumns(writer, layer, part, GruRows, [Reset, Update], chains, streams);
    }

    /// <summary>Finishes r and z of one stream and keeps r ⊙ h₋₁, z and (unless a projection holds it) W_in x + b_in for the second pass.</summary>
    private static void GruResetBeforeGates(SourceWriter writer, System.Func<string, string> sum, string stream, StepPart part = StepPart.Whole)
    {
        writer.Line($"TVector reset = TLanes.Sigmoid({sum("reset")});");
        writer.Line($"TVector update = TLanes.Sigmoid({sum("update")});");
        writer.Line($"TLanes.Store(TLanes.Multiply(reset, TLanes.Load(ref hidden{stream}, unit)), ref resetHidden{stream}, unit);");
        writer.Line($"TLanes.Store(update, ref updateGate{stream}, unit);");
        if (part != StepPart.Recurrence)
        {
            writer.Line($"TLanes.Store({sum("candidate")}, ref candidateInput{stream}, unit);");
        }
    }

    /// <summary>Accumulates W_hn (r ⊙ h₋₁) + b_hn for the streams whose buffers <paramref name="streams"/> suffixes.</summary>
    private static void GruCandidateHiddenColumns(SourceWriter writer, LayerModel layer, string[] streams, int chains)
    {
        GateRow[] candidateRow = [CandidateHidden];
        writer.Line("// W_hn (r ⊙ h₋₁) + b_hn");
        ColumnLoopEmitter.Declare(writer, candidateRow, streams.Length, chains, [OneBias("hiddenBias", GruLayout.CandidateGateOffset)]);
        ColumnLoopEmitter.Emit(writer, Buffers("resetHidden", streams), layer.InputSize, layer.Size, layer.ColumnStride, candidateRow, chains);
    }

    /// <summary>The reset-before GRU's second pass for one stream: n from both parts, then h.</summary>
    private static void GruResetBeforeUnits(SourceWriter writer, System.Func<string, string> sum, string stream, StepPart part = StepPart.Whole)
    {
        writer.Line("// n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn),  h = n + z ⊙ (h₋₁ − n)");
        writer.Line($"TVector candidate = TLanes.Tanh(TLanes.Add({CandidateInput(part, stream)}, {sum("candidateHidden")}));");
        writer.Line($"TLanes.Store(TLanes.MultiplyAdd(TLanes.Load(ref updateGate{stream}, unit), TLanes.Subtract(TLanes.Load(ref hidden{stream}, unit), candidate), candidate), ref newHidden{stream}, unit);");
    }

    private static void EmitSimpleRnn(SourceWriter writer, LayerModel layer, StepPart part)
    {
        string activation = layer.Activation == Activation.Relu ? "relu" : "tanh";
        Summary(writer, layer, part, [$"h = {activation}(W_ih x + b_ih + W_hh h₋₁ + b_hh)"]);
        // The backward pass needs only h: tanh′ = 1 − h², relu′ = [h > 0].
        using (writer.Open(Signature(layer, part, $"ref float parameters, {InputBuffer(part)}, ref float hidden, ref float newHidden")))
        {
            BiasAndWeightRefs(writer, layer, part);
            using (BlockLoops(writer, layer))
            {
                SimpleRnnColumns(writer, layer, SingleRowChains, OneStream, part);
                writer.Line(SimpleRnnStore(layer, ColumnLoopEmitter.Sum("sum", SingleRowChains), string.Empty));
            }
        }
    }

    /// <summary>Accumulates the SimpleRnn's one row for the streams whose buffers <paramref name="streams"/> suffixes.</summary>
    private static void SimpleRnnColumns(SourceWriter writer, LayerModel layer, int chains, string[] streams, StepPart part = StepPart.Whole)
    {
        ColumnLoopEmitter.Declare(writer, SumRow, streams.Length, chains, [GateStart(part, 0)]);
        InputAndHiddenColumns(writer, layer, part, SumRow, SumRow, chains, streams);
    }

    /// <summary>Stores h = activation(W_ih x + b_ih + W_hh h₋₁ + b_hh), the sum already in <paramref name="sum"/>, for one stream.</summary>
    private static string SimpleRnnStore(LayerModel layer, string sum, string stream) =>
        $"TLanes.Store({ActivationCall(layer.Activation, sum)}, ref newHidden{stream}, unit);";

    private static void EmitDense(SourceWriter writer, LayerModel layer)
    {
        string activation = layer.Activation switch
        {
            Activation.Linear => "y = W x + b",
            Activation.Softmax => "y = softmax(W x + b)",
            _ => $"y = {layer.Activation.ToString().ToLowerInvariant()}(W x + b)",
        };
        Summary(writer, layer, StepPart.Whole, [activation]);
        using (writer.Open(Signature(layer, StepPart.Whole, "ref float parameters, ref float input, ref float output")))
        {
            DenseRefs(writer, layer);
            using (BlockLoops(writer, layer))
            {
                DenseColumns(writer, layer, SingleRowChains, OneStream);
                DenseUnits(writer, layer, ColumnLoopEmitter.Sum("sum", SingleRowChains), string.Empty);
            }

            if (layer.Activation == Activation.Softmax)
            {
                writer.Line(Invariant($"{Types.Softmax}.InPlace(ref output, {layer.Size});"));
            }
        }
    }

    /// <summary>Accumulates W x + b for the streams whose buffers <paramref name="streams"/> suffixes.</summary>
    private static void DenseColumns(SourceWriter writer, LayerModel layer, int chains, string[] streams)
    {
        ColumnLoopEmitter.Declare(writer, SumRow, streams.Length, chains, ["TLanes.Load(ref biases, unit)"]);
        ColumnLoopEmitter.Emit(writer, Buffers("input", streams), 0, layer.InputSize, layer.ColumnStride, SumRow, chains);
    }

    private static void DenseRefs(SourceWriter writer, LayerModel layer)
    {
        writer.Line(Invariant($"ref float weights = ref {Types.Unsafe}.Add(ref parameters, {layer.Offset});"));
        writer.Line(Invariant($"ref float biases = ref {Types.Unsafe}.Add(ref parameters, {layer.InputBiasOffset});"));
    }

    /// <summary>Stores W x + b (already in <paramref name="sum"/>) activated, or raw for a softmax applied after the last block.</summary>
    private static string DenseStore(LayerModel layer, string sum, string output) =>
        $"TLanes.Store({(layer.Activation == Activation.Softmax ? sum : ActivationCall(layer.Activation, sum))}, ref {output}, unit);";

    private static void Summary(SourceWriter writer, LayerModel layer, StepPart part, string[] equations)
    {
        writer.Line(part == StepPart.Recurrence
            ? Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: one time step from W_ih x + b, which the input projection computed beforehand for a whole tile of steps; inference only.</summary>")
            : TapeParameters(layer).Length == 0
            ? Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: one time step.</summary>")
            : Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: one time step; TTape keeps what the backward pass needs (NoTape: nothing).</summary>"));
        writer.Line("/// <remarks>");
        foreach (string equation in equations)
        {
            writer.Line($"/// {equation}<br/>");
        }

        writer.Line("/// </remarks>");
    }

    /// <summary>
    /// Declares the layer's weights and what the kernel of <paramref name="part"/> reads besides: after the input
    /// projection took both biases, only the GRU's b_hn is left, which r scales with W_hn h₋₁ (reset-after) or which
    /// joins W_hn (r ⊙ h₋₁) (reset-before); the projection needs no peepholes.
    /// </summary>
    private static void BiasAndWeightRefs(SourceWriter writer, LayerModel layer, StepPart part = StepPart.Whole)
    {
        writer.Line(Invariant($"// weights: {layer.BlockCount} block(s) of {BlockLayout.Width} units × {layer.Columns} columns ({layer.InputSize} inputs, then {layer.Size} hidden) × {layer.Gates} gate(s)"));
        writer.Line(Invariant($"ref float weights = ref {Types.Unsafe}.Add(ref parameters, {layer.Offset});"));
        if (part != StepPart.Recurrence)
        {
            writer.Line(Invariant($"ref float inputBias = ref {Types.Unsafe}.Add(ref parameters, {layer.InputBiasOffset});"));
        }

        if (part != StepPart.Recurrence || layer.Kind == LayerKind.Gru)
        {
            writer.Line(Invariant($"ref float hiddenBias = ref {Types.Unsafe}.Add(ref parameters, {layer.HiddenBiasOffset});"));
        }

        if (layer.Peepholes && part != StepPart.InputProjection)
        {
            writer.Line(Invariant($"ref float peepholes = ref {Types.Unsafe}.Add(ref parameters, {layer.PeepholeOffset});"));
        }
    }

    /// <summary>Opens the loops over blocks of 8 units and, inside a block, over the lanes of one register.</summary>
    private static Nested BlockLoops(SourceWriter writer, LayerModel layer)
    {
        SourceWriter.Block blocks = writer.Open(Invariant($"for (nuint block = 0; block < {layer.BlockCount}; block++)"));
        writer.Line(Invariant($"// a block's {BlockLayout.Width} units, TLanes.Count at a time: once for Vector256, twice for Vector128, {BlockLayout.Width} times for scalars"));
        SourceWriter.Block lanes = writer.Open(Invariant($"for (nuint lane = 0; lane < {BlockLayout.Width}; lane += (nuint)TLanes.Count)"));
        writer.Line(Invariant($"nuint unit = (block * {BlockLayout.Width}) + lane;"));
        if (layer.IsRecurrent)
        {
            writer.Line(Invariant($"nuint bias = (block * {layer.ColumnStride}) + lane;"));
        }

        writer.Line(Invariant($"ref float column = ref {Types.Unsafe}.Add(ref weights, (block * {layer.ColumnStride * layer.Columns}) + lane);"));
        return new Nested(lanes, blocks);
    }

    /// <summary>
    /// Accumulates W_ih x (unless a <see cref="StepPart.Recurrence"/> kernel's projection holds it) and W_hh h₋₁ for the
    /// streams whose buffers <paramref name="streams"/> suffixes (a step kernel: one, unsuffixed).
    /// </summary>
    private static void InputAndHiddenColumns(SourceWriter writer, LayerModel layer, StepPart part, IReadOnlyList<GateRow> inputRows, IReadOnlyList<GateRow> hiddenRows, int chains, string[] streams)
    {
        if (part == StepPart.Whole)
        {
            writer.Line("// += W_ih x");
            ColumnLoopEmitter.Emit(writer, Buffers("input", streams), 0, layer.InputSize, layer.ColumnStride, inputRows, chains);
        }

        writer.Line("// += W_hh h₋₁");
        ColumnLoopEmitter.Emit(writer, Buffers("hidden", streams), layer.InputSize, layer.Size, layer.ColumnStride, hiddenRows, chains);
    }

    private static string Sum(string accumulator) => ColumnLoopEmitter.Sum(accumulator, GateChains);

    /// <summary>The names of one buffer for each stream: <c>input</c> in a step kernel, <c>input0</c> … <c>input3</c> in a tile.</summary>
    private static string[] Buffers(string buffer, string[] streams) => [.. streams.Select(stream => buffer + stream)];

    /// <summary>
    /// The kernel's declaration: generic over the vector width, and over the tape when it records anything, whose
    /// buffers follow <paramref name="buffers"/>.
    /// </summary>
    private static string Signature(LayerModel layer, StepPart part, string buffers)
    {
        string[] tape = part == StepPart.Whole ? TapeParameters(layer) : [];
        string name = KernelName(layer) + PartSuffix(part);
        return tape.Length == 0
            ? $"private static void {name}<TLanes, TVector>({buffers}) {Types.LanesConstraints}"
            : $"private static void {name}<TLanes, TVector, TTape>({buffers}, {string.Join(", ", tape.Select(parameter => "ref float " + parameter))}) {Types.LanesConstraints} where TTape : struct, {Types.ITape}";
    }

    /// <summary>Records one stream's activated gates for the backward pass, blocked as the weights are (block, gate, unit); a split kernel records nothing.</summary>
    private static void Record(SourceWriter writer, StepPart part, IReadOnlyList<GateRow> gates, string stream)
    {
        if (part != StepPart.Whole)
        {
            return;
        }

        writer.Line("// recorded for the backward pass (nothing, when TTape is NoTape)");
        foreach (GateRow gate in gates)
        {
            writer.Line($"TTape.Record<TLanes, TVector>({gate.Accumulator}, ref gates{stream}, {Plus("bias", gate.Offset)});");
        }
    }

    /// <summary>The reset-after GRU's records of one stream: its gates, and W_hn h₋₁ + b_hn, which dr needs.</summary>
    private static void RecordGruResetAfter(SourceWriter writer, StepPart part, string stream)
    {
        Record(writer, part, GruRows, stream);
        if (part == StepPart.Whole)
        {
            writer.Line($"TTape.Record<TLanes, TVector>(candidateHidden, ref candidateHiddenSums{stream}, unit);");
        }
    }

    /// <summary>A Dense layer's W x + b of one stream (<paramref name="sum"/>): recorded, then stored activated.</summary>
    private static void DenseUnits(SourceWriter writer, LayerModel layer, string sum, string stream)
    {
        writer.Line($"TVector sum = {sum};");
        writer.Line("// W x + b, for a loss on logits and for the backward pass");
        writer.Line($"TTape.Record<TLanes, TVector>(sum, ref preActivation{stream}, unit);");
        writer.Line(DenseStore(layer, "sum", "output" + stream));
    }

    private static string BothBiases(int gateOffset) =>
        $"TLanes.Add({OneBias("inputBias", gateOffset)}, {OneBias("hiddenBias", gateOffset)})";

    private static string OneBias(string bias, int gateOffset) => $"TLanes.Load(ref {bias}, {Plus("bias", gateOffset)})";

    /// <summary><paramref name="index"/> + <paramref name="offset"/>, or just the index for the first gate row.</summary>
    private static string Plus(string index, int offset) => offset == 0 ? index : Invariant($"{index} + {offset}");

    private static string ActivationCall(Activation activation, string value) => activation switch
    {
        Activation.Sigmoid => $"TLanes.Sigmoid({value})",
        Activation.Tanh => $"TLanes.Tanh({value})",
        Activation.Relu => $"TLanes.Relu({value})",
        _ => value,
    };

    /// <summary>Closes two nested blocks, inner first.</summary>
    private readonly struct Nested(SourceWriter.Block inner, SourceWriter.Block outer) : System.IDisposable
    {
        public void Dispose()
        {
            inner.Dispose();
            outer.Dispose();
        }
    }
}
