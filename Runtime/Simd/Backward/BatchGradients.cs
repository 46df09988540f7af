using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// Weight gradients of one block of units as sums over a whole batch and all its steps, taken after the backward
/// pass has recorded every step's deltas δ: dW += Σ δ ⊗ v, db += Σ δ, dp += Σ δ ⊙ v. Each block's sums are
/// independent of every other block's, so blocks can run on any thread, and every sum adds its terms in the same
/// order (row by row, step by step), so the result does not depend on how the blocks were shared out.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BatchGradients
{
    /// <summary>
    /// dW[block, columns first..first+count, gates gateFrom..gateTo) += Σ over rows and steps of δ ⊗ source[0..count).
    /// Tiles of 2 vectors × 4 columns keep 8 sums in registers across the whole reduction: per step, 2 loads of δ
    /// and 4 broadcasts feed 8 multiply-adds, and each gradient is read and written once.
    /// </summary>
    public static void OuterProduct<TLanes, TVector>(BlockShape shape, int block, ref float weightGradients, SequenceBuffer deltas, SequenceBuffer source, int first, int count, int gateFrom, int gateTo, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint stride = (nuint)shape.Stride;
        ref float columns = ref Unsafe.Add(ref weightGradients, (((nuint)block * (nuint)shape.Columns) + (nuint)first) * stride);
        nuint blockDeltas = (nuint)block * stride;
        nuint end = (nuint)gateTo * BlockShape.Width;
        nuint vector = (nuint)gateFrom * BlockShape.Width;
        for (; vector + (2 * (nuint)TLanes.Count) <= end; vector += 2 * (nuint)TLanes.Count)
        {
            nuint c = 0;
            for (; c + 4 <= (nuint)count; c += 4)
            {
                TwoByFour<TLanes, TVector>(ref Unsafe.Add(ref columns, (c * stride) + vector), stride, deltas, blockDeltas + vector, source, c, rows, steps);
            }

            for (; c < (nuint)count; c++)
            {
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref columns, (c * stride) + vector), deltas, blockDeltas + vector, source, c, rows, steps);
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref columns, (c * stride) + vector + (nuint)TLanes.Count), deltas, blockDeltas + vector + (nuint)TLanes.Count, source, c, rows, steps);
            }
        }

        // a single gate row of a Vector256 block (Dense, SimpleRnn) has one vector: 4 columns at a time
        for (; vector < end; vector += (nuint)TLanes.Count)
        {
            nuint c = 0;
            for (; c + 4 <= (nuint)count; c += 4)
            {
                OneByFour<TLanes, TVector>(ref Unsafe.Add(ref columns, (c * stride) + vector), stride, deltas, blockDeltas + vector, source, c, rows, steps);
            }

            for (; c < (nuint)count; c++)
            {
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref columns, (c * stride) + vector), deltas, blockDeltas + vector, source, c, rows, steps);
            }
        }
    }

    /// <summary>bias[block, gates gateFrom..gateTo) += Σ over rows and steps of δ.</summary>
    public static void Sum<TLanes, TVector>(BlockShape shape, int block, ref float biasGradients, SequenceBuffer deltas, int gateFrom, int gateTo, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint at = (nuint)block * (nuint)shape.Stride;
        for (nuint vector = (nuint)gateFrom * BlockShape.Width; vector < (nuint)gateTo * BlockShape.Width; vector += (nuint)TLanes.Count)
        {
            TVector sum = default;
            for (int row = 0; row < rows; row++)
            {
                ref float delta = ref deltas.Row(row, at + vector);
                for (int step = 0; step < steps; step++)
                {
                    sum = TLanes.Add(sum, TLanes.Load(ref delta, 0));
                    delta = ref Unsafe.Add(ref delta, deltas.StepStride);
                }
            }

            TLanes.Store(TLanes.Add(TLanes.Load(ref biasGradients, at + vector), sum), ref biasGradients, at + vector);
        }
    }

    /// <summary>
    /// gradients[block's units] += Σ over rows and steps of δ[gate] ⊙ source: a peephole's gradient (its weight
    /// multiplies one per-unit vector, not a matrix). <paramref name="gradients"/> points at the peephole row, whose blocks
    /// are <paramref name="gradientStride"/> apart; <paramref name="gateOffset"/> is the gate's place in a delta block.
    /// </summary>
    public static void ElementwiseProduct<TLanes, TVector>(BlockShape shape, int block, ref float gradients, nuint gradientStride, SequenceBuffer deltas, int gateOffset, SequenceBuffer source, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint deltaAt = ((nuint)block * (nuint)shape.Stride) + (nuint)gateOffset;
        nuint unitAt = (nuint)block * BlockShape.Width;
        nuint gradientAt = (nuint)block * gradientStride;
        for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
        {
            TVector sum = default;
            for (int row = 0; row < rows; row++)
            {
                ref float delta = ref deltas.Row(row, deltaAt + lane);
                ref float value = ref source.Row(row, unitAt + lane);
                for (int step = 0; step < steps; step++)
                {
                    sum = TLanes.MultiplyAdd(TLanes.Load(ref delta, 0), TLanes.Load(ref value, 0), sum);
                    delta = ref Unsafe.Add(ref delta, deltas.StepStride);
                    value = ref Unsafe.Add(ref value, source.StepStride);
                }
            }

            TLanes.Store(TLanes.Add(TLanes.Load(ref gradients, gradientAt + lane), sum), ref gradients, gradientAt + lane);
        }
    }

    /// <summary>Columns c..c+3 of two vectors of gate rows: 8 sums in registers over every row and step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoByFour<TLanes, TVector>(ref float gradient, nuint stride, SequenceBuffer deltas, nuint deltaAt, SequenceBuffer source, nuint c, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector first0 = default, first1 = default, first2 = default, first3 = default;
        TVector second0 = default, second1 = default, second2 = default, second3 = default;
        for (int row = 0; row < rows; row++)
        {
            ref float delta = ref deltas.Row(row, deltaAt);
            ref float value = ref source.Row(row, c);
            for (int step = 0; step < steps; step++)
            {
                TVector firstDelta = TLanes.Load(ref delta, 0);
                TVector secondDelta = TLanes.Load(ref delta, (nuint)TLanes.Count);
                TVector value0 = TLanes.Broadcast(value);
                TVector value1 = TLanes.Broadcast(Unsafe.Add(ref value, 1));
                TVector value2 = TLanes.Broadcast(Unsafe.Add(ref value, 2));
                TVector value3 = TLanes.Broadcast(Unsafe.Add(ref value, 3));
                first0 = TLanes.MultiplyAdd(firstDelta, value0, first0);
                second0 = TLanes.MultiplyAdd(secondDelta, value0, second0);
                first1 = TLanes.MultiplyAdd(firstDelta, value1, first1);
                second1 = TLanes.MultiplyAdd(secondDelta, value1, second1);
                first2 = TLanes.MultiplyAdd(firstDelta, value2, first2);
                second2 = TLanes.MultiplyAdd(secondDelta, value2, second2);
                first3 = TLanes.MultiplyAdd(firstDelta, value3, first3);
                second3 = TLanes.MultiplyAdd(secondDelta, value3, second3);
                delta = ref Unsafe.Add(ref delta, deltas.StepStride);
                value = ref Unsafe.Add(ref value, source.StepStride);
            }
        }

        nuint second = (nuint)TLanes.Count;
        AddTo<TLanes, TVector>(ref gradient, 0, first0);
        AddTo<TLanes, TVector>(ref gradient, second, second0);
        AddTo<TLanes, TVector>(ref gradient, stride, first1);
        AddTo<TLanes, TVector>(ref gradient, stride + second, second1);
        AddTo<TLanes, TVector>(ref gradient, 2 * stride, first2);
        AddTo<TLanes, TVector>(ref gradient, (2 * stride) + second, second2);
        AddTo<TLanes, TVector>(ref gradient, 3 * stride, first3);
        AddTo<TLanes, TVector>(ref gradient, (3 * stride) + second, second3);
    }

    /// <summary>Columns c..c+3 of one vector of gate rows: 4 independent chains of sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneByFour<TLanes, TVector>(ref float gradient, nuint stride, SequenceBuffer deltas, nuint deltaAt, SequenceBuffer source, nuint c, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector sum0 = default, sum1 = default, sum2 = default, sum3 = default;
        for (int row = 0; row < rows; row++)
        {
            ref float delta = ref deltas.Row(row, deltaAt);
            ref float value = ref source.Row(row, c);
            for (int step = 0; step < steps; step++)
            {
                TVector deltaVector = TLanes.Load(ref delta, 0);
                sum0 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(value), sum0);
                sum1 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 1)), sum1);
                sum2 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 2)), sum2);
                sum3 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 3)), sum3);
                delta = ref Unsafe.Add(ref delta, deltas.StepStride);
                value = ref Unsafe.Add(ref value, source.StepStride);
            }
        }

        AddTo<TLanes, TVector>(ref gradient, 0, sum0);
        AddTo<TLanes, TVector>(ref gradient, stride, sum1);
        AddTo<TLanes, TVector>(ref gradient, 2 * stride, sum2);
        AddTo<TLanes, TVector>(ref gradient, 3 * stride, sum3);
    }

    /// <summary>Column c of one vector of gate rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneByOne<TLanes, TVector>(ref float gradient, SequenceBuffer deltas, nuint deltaAt, SequenceBuffer source, nuint c, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector sum = default;
        for (int row = 0; row < rows; row++)
        {
            ref float delta = ref deltas.Row(row, deltaAt);
            ref float value = ref source.Row(row, c);
            for (int step = 0; step < steps; step++)
            {
                sum = TLanes.MultiplyAdd(TLanes.Load(ref delta, 0), TLanes.Broadcast(value), sum);
                delta = ref Unsafe.Add(ref delta, deltas.StepStride);
                value = ref Unsafe.Add(ref value, source.StepStride);
            }
        }

        AddTo<TLanes, TVector>(ref gradient, 0, sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo<TLanes, TVector>(ref float gradient, nuint offset, TVector sum)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct => TLanes.Store(TLanes.Add(TLanes.Load(ref gradient, offset), sum), ref gradient, offset);
}
