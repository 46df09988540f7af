using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// The part of a recurrent layer's backward pass that does not depend on its kind, once the pre-activation
/// gradients δ are known and the same δ multiplies both x and h₋₁ (SimpleRnn, LSTM).
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecurrentGradients
{
    /// <summary>One step of every row: dL/dx = W_ih^T δ (when asked);  dL/dh₋₁ = W_hh^T δ (replaces <paramref name="hiddenGradient"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputGradients<TLanes, TVector>(BlockShape shape, BackwardRows rows, ref float weights, ref float deltas, ref float hiddenGradient, ref float inputGradient, bool computeInputGradient)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        if (computeInputGradient)
        {
            MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, 0, shape.Inputs, 0, shape.Gates, ref inputGradient, rows.InputGradientStride, rows.Count, accumulate: false);
        }

        MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, shape.Inputs, shape.Units, 0, shape.Gates, ref hiddenGradient, rows.ScratchStride, rows.Count, accumulate: false);
    }

    /// <summary>The whole batch, one block of units: b_ih and b_hh += Σ δ;  W += Σ δ ⊗ [x; h₋₁].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradients<TLanes, TVector>(BlockShape shape, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer input, SequenceBuffer previousHidden, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), deltas, 0, shape.Gates, rows, steps);
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.HiddenBiasOffset), deltas, 0, shape.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, input, 0, shape.Inputs, 0, shape.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, previousHidden, shape.Inputs, shape.Units, 0, shape.Gates, rows, steps);
    }
}
