using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation through a GRU layer, reset-after or reset-before.</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GruBackward
{
    /// <summary>
    /// One time step of <paramref name="rows"/> rows, reset-after (PyTorch): n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn)), h = (1 − z) ⊙ n + z ⊙ h₋₁.
    /// <paramref name="candidateHiddenSums"/> holds the recorded W_hn h₋₁ + b_hn. The n rows of the recurrent
    /// weights see r ⊙ δn instead of δn, so the recurrent part has its own deltas: both are the step's record for
    /// the weight gradients.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StepResetAfter<TLanes, TVector>(
        BlockShape shape, BackwardRows rows, ref float weights, ref float previousHidden, ref float gates, ref float candidateHiddenSums, ref float outputGradient, ref float hiddenGradient, ref float inputGradient, bool computeInputGradient,
        ref float deltas, ref float hiddenDeltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (int row = 0; row < rows.Count; row++)
        {
            ResetAfterDeltas<TLanes, TVector>(
                shape, ref rows.Tape(ref previousHidden, row), ref rows.Tape(ref gates, row), ref rows.Tape(ref candidateHiddenSums, row),
                ref rows.Scratch(ref outputGradient, row), ref rows.Scratch(ref hiddenGradient, row), ref rows.Deltas(ref deltas, row), ref rows.Deltas(ref hiddenDeltas, row));
        }

        if (computeInputGradient)
        {
            MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, 0, shape.Inputs, GruLayout.ResetGate, GruLayout.Gates, ref inputGradient, rows.InputGradientStride, rows.Count, accumulate: false);
        }

        MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref hiddenDeltas, rows.DeltaStride, shape.Inputs, shape.Units, GruLayout.ResetGate, GruLayout.Gates, ref hiddenGradient, rows.ScratchStride, rows.Count, accumulate: true);
    }

    /// <summary>One row's δ (for W_ih) and δ_h (for W_hh), and dh₋₁'s direct part dh ⊙ z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ResetAfterDeltas<TLanes, TVector>(
        BlockShape shape, ref float previousHidden, ref float gates, ref float candidateHiddenSums, ref float outputGradient, ref float hiddenGradient, ref float deltas, ref float hiddenDeltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
            {
                nuint unit = (block * BlockShape.Width) + lane;
                nuint at = (block * GruLayout.Stride) + lane;
                TVector r = TLanes.Load(ref gates, at + GruLayout.ResetGateOffset);
                TVector z = TLanes.Load(ref gates, at + GruLayout.UpdateGateOffset);
                TVector n = TLanes.Load(ref gates, at + GruLayout.CandidateGateOffset);
                TVector previous = TLanes.Load(ref previousHidden, unit);
                TVector dh = TLanes.Add(TLanes.Load(ref outputGradient, unit), TLanes.Load(ref hiddenGradient, unit));

                // h = n + z ⊙ (h₋₁ − n):  dn = dh ⊙ (1 − z),  dz = dh ⊙ (h₋₁ − n),  dh₋₁ gets dh ⊙ z directly
                TVector candidateDelta = TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(one, z)), TLanes.Subtract(one, TLanes.Multiply(n, n)));
                TVector updateDelta = TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(previous, n)), TLanes.Multiply(z, TLanes.Subtract(one, z)));

                // n = tanh(… + r ⊙ s) with s = W_hn h₋₁ + b_hn:  dr = δn ⊙ s,  ds = δn ⊙ r
                TVector resetDelta = TLanes.Multiply(TLanes.Multiply(candidateDelta, TLanes.Load(ref candidateHiddenSums, unit)), TLanes.Multiply(r, TLanes.Subtract(one, r)));
                TLanes.Store(resetDelta, ref deltas, at + GruLayout.ResetGateOffset);
                TLanes.Store(updateDelta, ref deltas, at + GruLayout.UpdateGateOffset);
                TLanes.Store(candidateDelta, ref deltas, at + GruLayout.CandidateGateOffset);
                TLanes.Store(resetDelta, ref hiddenDeltas, at + GruLayout.ResetGateOffset);
                TLanes.Store(updateDelta, ref hiddenDeltas, at + GruLayout.UpdateGateOffset);
                TLanes.Store(TLanes.Multiply(candidateDelta, r), ref hiddenDeltas, at + GruLayout.CandidateGateOffset);
                TLanes.Store(TLanes.Multiply(dh, z), ref hiddenGradient, unit);
            }
        }
    }

    /// <summary>
    /// One time step of <paramref name="rows"/> rows, reset-before (Cho et al.): n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn). dr needs W_hn^T δn
    /// over all units first, kept in <paramref name="resetHiddenGradient"/>. δ is the step's record for the weight gradients.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StepResetBefore<TLanes, TVector>(
        BlockShape shape, BackwardRows rows, ref float weights, ref float previousHidden, ref float gates, ref float outputGradient, ref float hiddenGradient, ref float inputGradient, bool computeInputGradient,
        ref float deltas, ref float resetHiddenGradient)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (int row = 0; row < rows.Count; row++)
        {
            ResetBeforeUpdateAndCandidateDeltas<TLanes, TVector>(
                shape, ref rows.Tape(ref previousHidden, row), ref rows.Tape(ref gates, row), ref rows.Scratch(ref outputGradient, row), ref rows.Scratch(ref hiddenGradient, row), ref rows.Deltas(ref deltas, row));
        }

        // d(r ⊙ h₋₁) = W_hn^T δn
        MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, shape.Inputs, shape.Units, GruLayout.CandidateGate, GruLayout.Gates, ref resetHiddenGradient, rows.ScratchStride, rows.Count, accumulate: false);
        for (int row = 0; row < rows.Count; row++)
        {
            ResetBeforeResetDeltas<TLanes, TVector>(
                shape, ref rows.Tape(ref previousHidden, row), ref rows.Tape(ref gates, row), ref rows.Scratch(ref hiddenGradient, row), ref rows.Deltas(ref deltas, row), ref rows.Scratch(ref resetHiddenGradient, row));
        }

        if (computeInputGradient)
        {
            MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, 0, shape.Inputs, GruLayout.ResetGate, GruLayout.Gates, ref inputGradient, rows.InputGradientStride, rows.Count, accumulate: false);
        }

        MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, shape.Inputs, shape.Units, GruLayout.ResetGate, GruLayout.CandidateGate, ref hiddenGradient, rows.ScratchStride, rows.Count, accumulate: true);
    }

    /// <summary>One row's δz and δn, and dh₋₁'s direct part dh ⊙ z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ResetBeforeUpdateAndCandidateDeltas<TLanes, TVector>(BlockShape shape, ref float previousHidden, ref float gates, ref float outputGradient, ref float hiddenGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
            {
                nuint unit = (block * BlockShape.Width) + lane;
                nuint at = (block * GruLayout.Stride) + lane;
                TVector z = TLanes.Load(ref gates, at + GruLayout.UpdateGateOffset);
                TVector n = TLanes.Load(ref gates, at + GruLayout.CandidateGateOffset);
                TVector previous = TLanes.Load(ref previousHidden, unit);
                TVector dh = TLanes.Add(TLanes.Load(ref outputGradient, unit), TLanes.Load(ref hiddenGradient, unit));
                TLanes.Store(TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(one, z)), TLanes.Subtract(one, TLanes.Multiply(n, n))), ref deltas, at + GruLayout.CandidateGateOffset);
                TLanes.Store(TLanes.Multiply(TLanes.Multiply(dh, TLanes.Subtract(previous, n)), TLanes.Multiply(z, TLanes.Subtract(one, z))), ref deltas, at + GruLayout.UpdateGateOffset);
                TLanes.Store(TLanes.Multiply(dh, z), ref hiddenGradient, unit);
            }
        }
    }

    /// <summary>One row's δr from d(r ⊙ h₋₁), and that gradient's part of dh₋₁.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ResetBeforeResetDeltas<TLanes, TVector>(BlockShape shape, ref float previousHidden, ref float gates, ref float hiddenGradient, ref float deltas, ref float resetHiddenGradient)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
            {
                nuint unit = (block * BlockShape.Width) + lane;
                nuint at = (block * GruLayout.Stride) + lane;
                TVector r = TLanes.Load(ref gates, at + GruLayout.ResetGateOffset);
                TVector gradient = TLanes.Load(ref resetHiddenGradient, unit);

                // dr = d(r ⊙ h₋₁) ⊙ h₋₁;  dh₋₁ += d(r ⊙ h₋₁) ⊙ r
                TLanes.Store(TLanes.Multiply(TLanes.Multiply(gradient, TLanes.Load(ref previousHidden, unit)), TLanes.Multiply(r, TLanes.Subtract(one, r))), ref deltas, at + GruLayout.ResetGateOffset);
                TLanes.Store(TLanes.MultiplyAdd(gradient, r, TLanes.Load(ref hiddenGradient, unit)), ref hiddenGradient, unit);
            }
        }
    }

    /// <summary>The whole batch, one block of units, reset-after: b_ih += Σ δ,  b_hh += Σ δ_h,  W_ih += Σ δ ⊗ x,  W_hh += Σ δ_h ⊗ h₋₁.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradientsResetAfter<TLanes, TVector>(
        BlockShape shape, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer hiddenDeltas, SequenceBuffer input, SequenceBuffer previousHidden, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), deltas, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.HiddenBiasOffset), hiddenDeltas, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, input, 0, shape.Inputs, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, hiddenDeltas, previousHidden, shape.Inputs, shape.Units, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
    }

    /// <summary>
    /// The whole batch, one block of units, reset-before: b_hn sits outside the reset here, so both biases and both
    /// matrices see the same δ; the n rows of W_hh multiply the recorded r ⊙ h₋₁ (<paramref name="resetHidden"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradientsResetBefore<TLanes, TVector>(
        BlockShape shape, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer input, SequenceBuffer previousHidden, SequenceBuffer resetHidden, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), deltas, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.HiddenBiasOffset), deltas, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, input, 0, shape.Inputs, GruLayout.ResetGate, GruLayout.Gates, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, previousHidden, shape.Inputs, shape.Units, GruLayout.ResetGate, GruLayout.CandidateGate, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, resetHidden, shape.Inputs, shape.Units, GruLayout.CandidateGate, GruLayout.Gates, rows, steps);
    }
}
