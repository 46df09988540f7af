using System.Collections.Generic;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Emit;

/// <summary>Where one layer keeps its values: its tape slots within a step, and its state slots in the flat state.</summary>
internal sealed class LayerSlots(Dictionary<string, int> tape, Dictionary<string, int> state)
{
    /// <summary>Offset of tape slot <paramref name="slot"/> within a step (see <see cref="LayerKindDescription.Tape"/>).</summary>
    public int Tape(string slot) => tape[slot];

    /// <summary>Offset of state slot <paramref name="slot"/> in the flat state (see <see cref="LayerKindDescription.State"/>).</summary>
    public int State(string slot) => state[slot];

    /// <summary>h or y.</summary>
    public int Output => tape[LayerKindDescription.Output];
}

/// <summary>
/// The training tape (per time step, what the backward pass reads), the flat state (in the order of the State
/// struct's fields), and the backward pass's stack buffers, laid out from each layer's <see cref="LayerKindDescription"/>.
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
        foreach (LayerModel layer in spec.Layers)
        {
            int padded = layer.PaddedSize;
            LayerKindDescription kind = LayerKindDescription.Of(layer);
            _outputGradients[layer.Index] = scratch;
            scratch += padded;

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

            if (kind.Tape.Length > 0)
            {
                // An Embedding's backward pass is a row update: it needs no deltas.
                deltas = System.Math.Max(deltas, layer.Gates * padded);
            }
            _slots[layer.Index] = new LayerSlots(tapeSlots, stateSlots);
        }

        TapeLengthPerStep = tape;
        StateLength = state;
        Deltas = scratch;

        // A reset-after GRU's recurrent rows need a second delta buffer; a reset-before GRU needs d(r ⊙ h₋₁).
        SecondDeltas = Deltas + deltas;
        BackwardScratchLength = SecondDeltas + deltas;
    }

    public int TapeLengthPerStep { get; }

    public int StateLength { get; }

    public int Deltas { get; }

    public int SecondDeltas { get; }

    public int BackwardScratchLength { get; }

    public LayerSlots Slots(LayerModel layer) => _slots[layer.Index];

    public int OutputGradient(LayerModel layer) => _outputGradients[layer.Index];

    /// <summary>dL/d(state slot) carried back through time: dL/dh, and an LSTM's dL/dc.</summary>
    public int StateGradient(LayerModel layer, string slot) => _stateGradients[(layer.Index, slot)];
}
