using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// The part of a recurrent layer's backward step that does not depend on its kind, once the pre-activation
/// gradients δ are known and the same δ multiplies both x and h₋₁ (SimpleRnn, LSTM).
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecurrentGradients
{
    /// <summary>
    /// b_ih and b_hh += δ;  W += δ ⊗ [x; h₋₁];  dL/dx = W_ih^T δ (when asked);  dL/dh₋₁ = W_hh^T δ (replaces <paramref name="hiddenGradient"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddAll<TLanes, TVector>(
        BlockShape shape, ref float weights, ref float gradients, ref float input, ref float previousHidden, ref float deltas,
        ref float hiddenGradient, ref float inputGradient, bool computeInputGradient)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        MatrixGradients.AddBias<TLanes, TVector>(shape, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), ref deltas, 0, shape.Gates);
        MatrixGradients.AddBias<TLanes, TVector>(shape, ref Unsafe.Add(ref gradients, shape.HiddenBiasOffset), ref deltas, 0, shape.Gates);
        MatrixGradients.AddOuterProduct<TLanes, TVector>(shape, ref gradients, ref deltas, ref input, 0, shape.Inputs, 0, shape.Gates);
        MatrixGradients.AddOuterProduct<TLanes, TVector>(shape, ref gradients, ref deltas, ref previousHidden, shape.Inputs, shape.Units, 0, shape.Gates);
        if (computeInputGradient)
        {
            MatrixGradients.TransposedProduct<TLanes, TVector>(shape, ref weights, ref deltas, 0, shape.Inputs, 0, shape.Gates, ref inputGradient, accumulate: false);
        }

        MatrixGradients.TransposedProduct<TLanes, TVector>(shape, ref weights, ref deltas, shape.Inputs, shape.Units, 0, shape.Gates, ref hiddenGradient, accumulate: false);
    }
}
