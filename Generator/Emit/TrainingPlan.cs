using System.Collections.Generic;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Emit;

/// <summary>Where one layer keeps its values: its tape slots within a step, and its state slots in the flat state.</summary>
internal sealed class LayerSlots(Dictionary<string, int> tape, Dictionary<string, int> state, Dictionary<string, int> deltas)
{
    /// <summary>Offset of delta slot <paramref name="parameter"/> within a step's deltas (see <see cref="LayerKindDescription.Deltas"/>).</summary>
    public int Delta(string parameter) => deltas[parameter];

    /// <summary>Offset of tape slot <paramref name="slot"/> within a step (see <see cref="LayerKindDescription.Tape"/>).</summary>
    public int Tape(string slot) => tape[slot];

    /// <summary>Offset of state slot <paramref name="slot"/> in the flat state (see <see cref="LayerKindDescription.State"/>).</summary>
    public int State(string slot) => state[slot];

    /// <summary>h or y.</summary>
    public int Output => tape[LayerKindDescription.Output];
}

/// <summary>
/// The training tape (per time step, what the backward pass reads), the deltas (per time step, what the weight
/// gradients read), the flat state (in the order of the State struct's fields), and the backward pass's stack
/// buffers, laid out from each layer's <see cref="LayerKindDescription"/>.
/// </summary>
internal sealed class TrainingPlan
{
    private readonly Dictionary<int, LayerSlots> _slots = new();
    private readonly Dictionary<int, int> _outputGradients = new();
    private readonly Dictionary<(int Layer, string Slot), int> _stateGradients = new();

    public TrainingPlan(ModelSpec spec)
    {
        int tape = 0;
        int state = 0;
        int scratch = 0;
        int deltas = 0;
        int stepScratch = 0;
        foreach (LayerModel layer in spec.Layers)
        {
            int padded = layer.PaddedSize;
            LayerKindDescription kind = LayerKindDescription.Of(layer);
            if (kind.BackwardKernel is not null)
            {
                _outputGradients[layer.Index] = scratch;
                scratch += padded;
            }

            var tapeSlots = new Dictionary<string, int>();
            foreach (TapeSlot slot in kind.Tape)
            {
                tapeSlots[slot.Name] = tape;
                tape += slot.Vectors * padded;
            }

            var stateSlots = new Dictionary<string, int>();
            foreach (StateSlot slot in kind.State)
            {
                stateSlots[slot.Name] = state;
                state += padded;
                _stateGradients[(layer.Index, slot.Name)] = scratch;
                scratch += padded;
            }

            var deltaSlots = new Dictionary<string, int>();
            foreach (DeltaSlot slot in kind.Deltas)
            {
                deltaSlots[slot.Parameter] = deltas;
                deltas += slot.Vectors * padded;
            }

            if (kind.StepScratch is not null)
            {
                stepScratch = System.Math.Max(stepScratch, padded);
            }

            _slots[layer.Index] = new LayerSlots(tapeSlots, stateSlots, deltaSlots);
        }

        TapeLengthPerStep = tape;
        DeltaLengthPerStep = deltas;
        StateLength = state;
        StepScratch = scratch;
        BackwardScratchLength = scratch + stepScratch;
    }

    public int TapeLengthPerStep { get; }

    public int DeltaLengthPerStep { get; }

    public int StateLength { get; }

    /// <summary>Where a reset-before GRU's d(r ⊙ h₋₁) lives in the backward scratch.</summary>
    public int StepScratch { get; }

    public int BackwardScratchLength { get; }

    public LayerSlots Slots(LayerModel layer) => _slots[layer.Index];

    /// <summary>dL/d(the layer's output) in the backward scratch; not for an Embedding, whose gradient is recorded as a delta.</summary>
    public int OutputGradient(LayerModel layer) => _outputGradients[layer.Index];

    /// <summary>dL/d(state slot) carried back through time: dL/dh, and an LSTM's dL/dc.</summary>
    public int StateGradient(LayerModel layer, string slot) => _stateGradients[(layer.Index, slot)];
}
