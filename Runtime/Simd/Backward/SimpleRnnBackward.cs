using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation through h = act(W_ih x + b_ih + W_hh h₋₁ + b_hh).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SimpleRnnBackward
{
    /// <summary>
    /// One time step of <paramref name="rows"/> rows: writes δ to <paramref name="deltas"/> (the step's record for the weight gradients), dL/dx to
    /// <paramref name="inputGradient"/> (when asked), and replaces <paramref name="hiddenGradient"/> (dL/dh from step
    /// t + 1 on entry) with dL/dh₋₁.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TLanes, TVector>(
        BlockShape shape, bool relu, BackwardRows rows, ref float weights, ref float hidden, ref float outputGradient, ref float hiddenGradient,
        ref float inputGradient, bool computeInputGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (int row = 0; row < rows.Count; row++)
        {
            ref float rowHidden = ref rows.Tape(ref hidden, row);
            ref float rowOutputGradient = ref rows.Scratch(ref outputGradient, row);
            ref float rowHiddenGradient = ref rows.Scratch(ref hiddenGradient, row);
            ref float rowDeltas = ref rows.Deltas(ref deltas, row);
            for (nuint unit = 0; unit < (nuint)shape.PaddedUnits; unit += (nuint)TLanes.Count)
            {
                TVector h = TLanes.Load(ref rowHidden, unit);
                TVector dh = TLanes.Add(TLanes.Load(ref rowOutputGradient, unit), TLanes.Load(ref rowHiddenGradient, unit));

                // tanh′ = 1 − h², relu′ = [h > 0]
                TVector derivative = relu ? TLanes.ReluDerivative(h) : TLanes.Subtract(TLanes.Broadcast(1f), TLanes.Multiply(h, h));
                TLanes.Store(TLanes.Multiply(dh, derivative), ref rowDeltas, unit);
            }
        }

        RecurrentGradients.InputGradients<TLanes, TVector>(shape, rows, ref weights, ref deltas, ref hiddenGradient, ref inputGradient, computeInputGradient);
    }

    /// <summary>The whole batch, one block of units: the weight and bias gradients from every step's δ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradients<TLanes, TVector>(BlockShape shape, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer input, SequenceBuffer previousHidden, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
        => RecurrentGradients.WeightGradients<TLanes, TVector>(shape, block, ref gradients, deltas, input, previousHidden, rows, steps);
}
