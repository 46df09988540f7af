using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;

namespace RnnCodegen.Generator.Emit;

/// <summary>One per-unit buffer a kernel is handed in the training passes: a tape slot of step t, or of step t − 1.</summary>
/// <param name="Parameter">The kernel's parameter name.</param>
/// <param name="Slot">The tape slot (for step t − 1 at t = 0: the state slot of the same name).</param>
/// <param name="Previous">True for the value step t − 1 left: h₋₁, c₋₁.</param>
internal readonly record struct TapeArgument(string Parameter, string Slot, bool Previous = false);

/// <summary>One named run of per-unit vectors a layer records in every step's tape.</summary>
internal readonly record struct TapeSlot(string Name, int Vectors);

/// <summary>A tape slot also carried as state, and the backward kernel's parameter for its gradient through time.</summary>
internal readonly record struct StateSlot(string Name, string GradientParameter);

/// <summary>One run of per-unit vectors a layer's backward step records for the weight gradients, and the kernels' parameter for it.</summary>
internal readonly record struct DeltaSlot(string Parameter, int Vectors);

/// <summary>
/// What one layer kind (and variant) is to the emitters, in one place: what a step records in the tape, what
/// state it carries, what its forward kernel records, which runtime backward kernel reads which slots, what it
/// records for the weight gradients, and which runtime kernel turns those records into the batch's weight
/// gradients. A new kind adds an entry here, its forward kernel body (<c>ForwardKernelEmitter</c>) and its runtime
/// backward kernels.
/// </summary>
internal sealed class LayerKindDescription
{
    /// <summary>Every layer's first slot: h, or a Dense layer's y. Recurrent layers carry it as state.</summary>
    public const string Output = "output";

    /// <summary>An LSTM's c, carried as state.</summary>
    public const string Cells = "cells";

    /// <summary>A Dense layer's W x + b: what a loss on logits reads, and what its backward pass starts from.</summary>
    public const string PreActivation = "preActivation";

    private const string Gates = "gates";

    private static readonly TapeArgument PreviousHidden = new("previousHidden", Output, Previous: true);
    private static readonly StateSlot Hidden = new(Output, "hiddenGradient");
    private static readonly DeltaSlot GateDeltas = new("deltas", 1);

    // An Embedding records the table row it looked up, which the next layer reads and pairs with its δ.
    private static readonly LayerKindDescription Embedding = new(
        [new(Output, 1)], [], [], [], null, [], [new("embeddingGradients", 1)], null, $"{Types.EmbeddingBackward}.WeightGradients", []);

    private static readonly LayerKindDescription SimpleRnn = new(
        [new(Output, 1)], [Hidden], [],
        [new("hidden", Output, Previous: true), new("newHidden", Output)],
        $"{Types.SimpleRnnBackward}.Step", [new("hidden", Output)], [GateDeltas], null,
        $"{Types.SimpleRnnBackward}.WeightGradients", [PreviousHidden]);

    private static readonly LayerKindDescription Lstm = new(
        [new(Output, 1), new(Gates, LstmLayout.Gates), new(Cells, 1)], [Hidden, new(Cells, "cellGradient")], [Gates],
        [new("hidden", Output, Previous: true), new("newHidden", Output), new("previousCells", Cells, Previous: true), new("newCells", Cells), new(Gates, Gates)],
        $"{Types.LstmBackward}.Step", [new("previousCell", Cells, Previous: true), new("cell", Cells), new(Gates, Gates)], [GateDeltas with { Vectors = LstmLayout.Gates }], null,
        $"{Types.LstmBackward}.WeightGradients", [PreviousHidden, new("previousCell", Cells, Previous: true), new("cell", Cells)]);

    private static readonly LayerKindDescription GruResetAfter = new(
        [new(Output, 1), new(Gates, GruLayout.Gates), new("candidateHiddenSums", 1)], [Hidden], [Gates, "candidateHiddenSums"],
        [new("hidden", Output, Previous: true), new("newHidden", Output), new(Gates, Gates), new("candidateHiddenSums", "candidateHiddenSums")],
        $"{Types.GruBackward}.StepResetAfter", [PreviousHidden, new(Gates, Gates), new("candidateHiddenSums", "candidateHiddenSums")],
        [GateDeltas with { Vectors = GruLayout.Gates }, new("hiddenDeltas", GruLayout.Gates)], null,
        $"{Types.GruBackward}.WeightGradientsResetAfter", [PreviousHidden]);

    private static readonly LayerKindDescription GruResetBefore = new(
        [new(Output, 1), new(Gates, GruLayout.Gates), new("work", GruLayout.ResetBeforeWorkVectors)], [Hidden], [Gates],
        [new("hidden", Output, Previous: true), new("newHidden", Output), new("work", "work"), new(Gates, Gates)],
        $"{Types.GruBackward}.StepResetBefore", [PreviousHidden, new(Gates, Gates)], [GateDeltas with { Vectors = GruLayout.Gates }], "resetHiddenGradient",
        $"{Types.GruBackward}.WeightGradientsResetBefore", [PreviousHidden, new("resetHidden", "work")]);

    private static readonly LayerKindDescription Dense = new(
        [new(Output, 1), new(PreActivation, 1)], [], [PreActivation],
        [new(Output, Output), new(PreActivation, PreActivation)],
        $"{Types.DenseBackward}.Step", [new(Output, Output)], [GateDeltas], null,
        $"{Types.DenseBackward}.WeightGradients", []);

    private LayerKindDescription(
        TapeSlot[] tape, StateSlot[] state, string[] records, TapeArgument[] forward, string? backwardKernel, TapeArgument[] backward,
        DeltaSlot[] deltas, string? stepScratch, string gradientKernel, TapeArgument[] gradientSources)
    {
        Tape = tape;
        State = state;
        Records = records;
        Forward = forward;
        BackwardKernel = backwardKernel;
        Backward = backward;
        Deltas = deltas;
        StepScratch = stepScratch;
        GradientKernel = gradientKernel;
        GradientSources = gradientSources;
    }

    /// <summary>The slots one step records, in tape order.</summary>
    public TapeSlot[] Tape { get; }

    /// <summary>The slots carried from one step (and one call) to the next, in the order of the State struct's fields.</summary>
    public StateSlot[] State { get; }

    /// <summary>The forward kernel's tape parameters: what it records through TTape, after its other buffers.</summary>
    public string[] Records { get; }

    /// <summary>The tape buffers the training forward pass hands the forward kernel, in parameter order.</summary>
    public TapeArgument[] Forward { get; }

    /// <summary>The runtime kernel of one backward step, without type arguments; null for an Embedding, whose rows wait for the batch.</summary>
    public string? BackwardKernel { get; }

    /// <summary>The tape buffers the backward kernel reads, in parameter order.</summary>
    public TapeArgument[] Backward { get; }

    /// <summary>The backward kernel's arguments that depend on the declaration (activation, variant), before its buffers.</summary>
    public static (string Name, string Value)[] BackwardOptions(LayerModel layer, bool lastLayer) => layer.Kind switch
    {
        LayerKind.Dense => [("activation", $"{Types.Activation}.{layer.Activation}"), ("preActivationGradient", lastLayer ? "logits" : "false")],
        LayerKind.SimpleRnn => [("relu", layer.Activation == Activation.Relu ? "true" : "false")],
        LayerKind.Lstm => [("peepholes", layer.Peepholes ? "true" : "false")],
        _ => [],
    };

    /// <summary>What one backward step records for the weight gradients, in record order: δ (and a reset-after GRU's recurrent δ).</summary>
    public DeltaSlot[] Deltas { get; }

    /// <summary>The backward kernel's parameter for a per-step work buffer (a reset-before GRU's d(r ⊙ h₋₁)), or null.</summary>
    public string? StepScratch { get; }

    /// <summary>The runtime kernel that adds the batch's weight gradients of one block of units, without type arguments.</summary>
    public string GradientKernel { get; }

    /// <summary>The tape slots that kernel pairs with the deltas, besides the layer's input, in parameter order.</summary>
    public TapeArgument[] GradientSources { get; }

    /// <summary>The weight-gradient kernel's arguments that depend on the declaration, before its buffers.</summary>
    public static (string Name, string Value)[] GradientOptions(LayerModel layer) =>
        layer.Kind == LayerKind.Lstm ? [("peepholes", layer.Peepholes ? "true" : "false")] : [];

    public static LayerKindDescription Of(LayerModel layer) => layer.Kind switch
    {
        LayerKind.SimpleRnn => SimpleRnn,
        LayerKind.Lstm => Lstm,
        LayerKind.Gru => layer.ResetAfter ? GruResetAfter : GruResetBefore,
        LayerKind.Dense => Dense,
        _ => Embedding,
    };
}
