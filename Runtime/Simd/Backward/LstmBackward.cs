using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation through an LSTM layer (optionally with peepholes).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmBackward
{
    /// <summary>
    /// One time step of <paramref name="rows"/> rows (a tile of 4 shares every weight load of its products): from the recorded gates (i, f, g, o, blocked) and cells, writes δ to <paramref name="deltas"/> (the
    /// step's record for the weight gradients), dL/dx (when asked), and replaces the carried gradients: <paramref name="hiddenGradient"/> dL/dh → dL/dh₋₁,
    /// <paramref name="cellGradient"/> (the part of dL/dc that flows back through time) → the same for c₋₁.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TLanes, TVector>(
        BlockShape shape, bool peepholes, BackwardRows rows, ref float weights, ref float previousCell, ref float cell, ref float gates, ref float outputGradient, ref float hiddenGradient, ref float cellGradient,
        ref float inputGradient, bool computeInputGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (int row = 0; row < rows.Count; row++)
        {
            Deltas<TLanes, TVector>(
                shape, peepholes, ref weights, ref rows.Tape(ref previousCell, row), ref rows.Tape(ref cell, row), ref rows.Tape(ref gates, row),
                ref rows.Scratch(ref outputGradient, row), ref rows.Scratch(ref hiddenGradient, row), ref rows.Scratch(ref cellGradient, row), ref rows.Deltas(ref deltas, row));
        }

        RecurrentGradients.InputGradients<TLanes, TVector>(shape, rows, ref weights, ref deltas, ref hiddenGradient, ref inputGradient, computeInputGradient);
    }

    /// <summary>One row's δ and carried cell gradient, from its recorded gates and cells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Deltas<TLanes, TVector>(
        BlockShape shape, bool peepholes, ref float weights, ref float previousCell, ref float cell, ref float gates, ref float outputGradient, ref float hiddenGradient, ref float cellGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        ref float peephole = ref Unsafe.Add(ref weights, shape.PeepholeOffset);
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
            {
                nuint unit = (block * BlockShape.Width) + lane;
                nuint at = (block * LstmLayout.Stride) + lane;
                TVector i = TLanes.Load(ref gates, at + LstmLayout.InputGateOffset);
                TVector f = TLanes.Load(ref gates, at + LstmLayout.ForgetGateOffset);
                TVector g = TLanes.Load(ref gates, at + LstmLayout.CellGateOffset);
                TVector o = TLanes.Load(ref gates, at + LstmLayout.OutputGateOffset);
                TVector c = TLanes.Load(ref cell, unit);
                TVector previousC = TLanes.Load(ref previousCell, unit);
                TVector tanhC = TLanes.Tanh(c);
                TVector dh = TLanes.Add(TLanes.Load(ref outputGradient, unit), TLanes.Load(ref hiddenGradient, unit));

                // h = o ⊙ tanh(c):  do = dh ⊙ tanh(c),  dc += dh ⊙ o ⊙ (1 − tanh²c)
                TVector outputDelta = TLanes.Multiply(TLanes.Multiply(dh, tanhC), TLanes.Multiply(o, TLanes.Subtract(one, o)));
                TVector dc = TLanes.MultiplyAdd(TLanes.Multiply(dh, o), TLanes.Subtract(one, TLanes.Multiply(tanhC, tanhC)), TLanes.Load(ref cellGradient, unit));
                nuint peep = (block * LstmLayout.PeepholeStride) + lane;
                if (peepholes)
                {
                    // o = σ(… + p_o ⊙ c) saw the new cell too
                    dc = TLanes.MultiplyAdd(outputDelta, TLanes.Load(ref peephole, peep + LstmLayout.OutputPeepholeOffset), dc);
                }

                // c = f ⊙ c₋₁ + i ⊙ g
                TVector inputDelta = TLanes.Multiply(TLanes.Multiply(dc, g), TLanes.Multiply(i, TLanes.Subtract(one, i)));
                TVector forgetDelta = TLanes.Multiply(TLanes.Multiply(dc, previousC), TLanes.Multiply(f, TLanes.Subtract(one, f)));
                TVector cellDelta = TLanes.Multiply(TLanes.Multiply(dc, i), TLanes.Subtract(one, TLanes.Multiply(g, g)));
                TVector carried = TLanes.Multiply(dc, f);
                if (peepholes)
                {
                    // i and f saw c₋₁ through p_i and p_f: their deltas flow back to c₋₁
                    carried = TLanes.MultiplyAdd(inputDelta, TLanes.Load(ref peephole, peep + LstmLayout.InputPeepholeOffset), carried);
                    carried = TLanes.MultiplyAdd(forgetDelta, TLanes.Load(ref peephole, peep + LstmLayout.ForgetPeepholeOffset), carried);
                }

                TLanes.Store(inputDelta, ref deltas, at + LstmLayout.InputGateOffset);
                TLanes.Store(forgetDelta, ref deltas, at + LstmLayout.ForgetGateOffset);
                TLanes.Store(cellDelta, ref deltas, at + LstmLayout.CellGateOffset);
                TLanes.Store(outputDelta, ref deltas, at + LstmLayout.OutputGateOffset);
                TLanes.Store(carried, ref cellGradient, unit);
            }
        }
    }

    /// <summary>
    /// The whole batch, one block of units: the biases and W from every step's δ, and the peepholes:
    /// p_i += Σ δi ⊙ c₋₁,  p_f += Σ δf ⊙ c₋₁,  p_o += Σ δo ⊙ c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradients<TLanes, TVector>(
        BlockShape shape, bool peepholes, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer input, SequenceBuffer previousHidden,
        SequenceBuffer previousCell, SequenceBuffer cell, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        RecurrentGradients.WeightGradients<TLanes, TVector>(shape, block, ref gradients, deltas, input, previousHidden, rows, steps);
        if (peepholes)
        {
            ref float peephole = ref Unsafe.Add(ref gradients, shape.PeepholeOffset);
            BatchGradients.ElementwiseProduct<TLanes, TVector>(shape, block, ref Unsafe.Add(ref peephole, LstmLayout.InputPeepholeOffset), LstmLayout.PeepholeStride, deltas, LstmLayout.InputGateOffset, previousCell, rows, steps);
            BatchGradients.ElementwiseProduct<TLanes, TVector>(shape, block, ref Unsafe.Add(ref peephole, LstmLayout.ForgetPeepholeOffset), LstmLayout.PeepholeStride, deltas, LstmLayout.ForgetGateOffset, previousCell, rows, steps);
            BatchGradients.ElementwiseProduct<TLanes, TVector>(shape, block, ref Unsafe.Add(ref peephole, LstmLayout.OutputPeepholeOffset), LstmLayout.PeepholeStride, deltas, LstmLayout.OutputGateOffset, cell, rows, steps);
        }
    }
}
