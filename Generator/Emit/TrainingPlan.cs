using System.Collections.Generic;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;

namespace RnnCodegen.Generator.Emit;

/// <summary>Where one layer keeps its values in a step's tape and in the flat state.</summary>
/// <param name="Output">h or y.</param>
/// <param name="Gates">Activated gates, blocked (block, gate, unit); LSTM and GRU.</param>
/// <param name="Cells">An LSTM's c.</param>
/// <param name="Extra">A reset-after GRU's W_hn h₋₁ + b_hn; a reset-before GRU's work (r ⊙ h₋₁, z, W_in x + b_in); a Dense layer's W x + b.</param>
/// <param name="StateHidden">Offset of h in the flat state (recurrent layers).</param>
/// <param name="StateCells">Offset of c in the flat state (LSTM).</param>
internal readonly record struct LayerSlots(int Output, int Gates, int Cells, int Extra, int StateHidden, int StateCells);

/// <summary>
/// The training tape (per time step, what the backward pass reads), the flat state (in the order of the State
/// struct's fields), and the backward pass's stack buffers.
/// </summary>
internal sealed class TrainingPlan
{
    private readonly Dictionary<int, LayerSlots> _slots = new();
    private readonly Dictionary<int, int> _outputGradients = new();
    private readonly Dictionary<int, int> _hiddenGradients = new();
    private readonly Dictionary<int, int> _cellGradients = new();

    public TrainingPlan(ModelSpec spec)
    {
        int tape = 0;
        int state = 0;
        int scratch = 0;
        int deltas = 0;
        foreach (LayerModel layer in spec.Layers)
        {
            int padded = layer.PaddedSize;
            _outputGradients[layer.Index] = scratch;
            scratch += padded;
            if (layer.Kind == LayerKind.Embedding)
            {
                continue;
            }

            int output = tape;
            tape += padded;
            int gates = layer.Kind is LayerKind.Lstm or LayerKind.Gru ? tape : -1;
            tape += gates >= 0 ? layer.Gates * padded : 0;
            int cells = layer.Kind == LayerKind.Lstm ? tape : -1;
            tape += cells >= 0 ? padded : 0;
            int extra = layer.Kind switch
            {
                LayerKind.Gru when layer.ResetAfter => padded,
                LayerKind.Gru => GruLayout.ResetBeforeWorkVectors * padded,
                LayerKind.Dense => padded,
                _ => 0,
            };
            int extraOffset = extra > 0 ? tape : -1;
            tape += extra;

            int stateHidden = -1;
            int stateCells = -1;
            if (layer.IsRecurrent)
            {
                stateHidden = state;
                state += padded;
                _hiddenGradients[layer.Index] = scratch;
                scratch += padded;
                if (layer.Kind == LayerKind.Lstm)
                {
                    stateCells = state;
                    state += padded;
                    _cellGradients[layer.Index] = scratch;
                    scratch += padded;
                }
            }

            deltas = System.Math.Max(deltas, layer.Gates * padded);
            _slots[layer.Index] = new LayerSlots(output, gates, cells, extraOffset, stateHidden, stateCells);
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

    public int HiddenGradient(LayerModel layer) => _hiddenGradients[layer.Index];

    public int CellGradient(LayerModel layer) => _cellGradients[layer.Index];
}
