using System;
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
    /// <summary>Steps of one row whose deltas and inputs stay in L1 while every column tile of a block reads them.</summary>
    private const int ChunkSteps = 16;

    /// <summary>
    /// dW[block, columns first..first+count, gates gateFrom..gateTo) += Σ over rows and steps of δ ⊗ source[0..count).
    /// Chunks of <see cref="ChunkSteps"/> steps of one row are read once from the tape (which is larger than L2) and
    /// then from L1 by every tile of 2 vectors × 4 columns, whose 8 sums stay in registers across the chunk: per
    /// step, 2 loads of δ and 4 broadcasts feed 8 multiply-adds, and each gradient is read and written once per chunk.
    /// </summary>
    public static void OuterProduct<TLanes, TVector>(BlockShape shape, int block, ref float weightGradients, SequenceBuffer deltas, SequenceBuffer source, int first, int count, int gateFrom, int gateTo, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint stride = (nuint)shape.Stride;
        ref float columns = ref Unsafe.Add(ref weightGradients, (((nuint)block * (nuint)shape.Columns) + (nuint)first) * stride);
        nuint blockDeltas = ((nuint)block * stride) + ((nuint)gateFrom * BlockShape.Width);
        nuint vectors = (nuint)(gateTo - gateFrom) * BlockShape.Width;
        ref float gradients = ref Unsafe.Add(ref columns, (nuint)gateFrom * BlockShape.Width);
        for (int row = 0; row < rows; row++)
        {
            for (int step = 0; step < steps; step += ChunkSteps)
            {
                var chunk = new Chunk(
                    ref Unsafe.Add(ref deltas.Row(row, blockDeltas), step * deltas.StepStride), deltas.StepStride,
                    ref Unsafe.Add(ref source.Row(row, 0), step * source.StepStride), source.StepStride,
                    Math.Min(ChunkSteps, steps - step));
                AddChunk<TLanes, TVector>(ref gradients, stride, vectors, (nuint)count, chunk);
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

    /// <summary>One chunk of steps into every column and vector of the block's gradient.</summary>
    private static void AddChunk<TLanes, TVector>(ref float gradients, nuint stride, nuint vectors, nuint count, Chunk chunk)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint vector = 0;
        for (; vector + (2 * (nuint)TLanes.Count) <= vectors; vector += 2 * (nuint)TLanes.Count)
        {
            nuint c = 0;
            for (; c + 4 <= count; c += 4)
            {
                TwoByFour<TLanes, TVector>(ref Unsafe.Add(ref gradients, (c * stride) + vector), stride, chunk, vector, c);
            }

            for (; c < count; c++)
            {
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref gradients, (c * stride) + vector), chunk, vector, c);
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref gradients, (c * stride) + vector + (nuint)TLanes.Count), chunk, vector + (nuint)TLanes.Count, c);
            }
        }

        // a single gate row of a Vector256 block (Dense, SimpleRnn), or a GRU's third, has one vector left: 8 columns at
        // a time, so that 8 independent sums still hide the multiply-adds' latency
        for (; vector < vectors; vector += (nuint)TLanes.Count)
        {
            nuint c = 0;
            for (; c + 8 <= count; c += 8)
            {
                OneByEight<TLanes, TVector>(ref Unsafe.Add(ref gradients, (c * stride) + vector), stride, chunk, vector, c);
            }

            for (; c < count; c++)
            {
                OneByOne<TLanes, TVector>(ref Unsafe.Add(ref gradients, (c * stride) + vector), chunk, vector, c);
            }
        }
    }

    /// <summary>Columns c..c+3 of two vectors of gate rows: 8 sums in registers over the chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoByFour<TLanes, TVector>(ref float gradient, nuint stride, Chunk chunk, nuint vector, nuint c)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector first0 = default, first1 = default, first2 = default, first3 = default;
        TVector second0 = default, second1 = default, second2 = default, second3 = default;
        ref float delta = ref Unsafe.Add(ref chunk.Deltas, vector);
        ref float value = ref Unsafe.Add(ref chunk.Values, c);
        for (int step = 0; step < chunk.Steps; step++)
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
            delta = ref Unsafe.Add(ref delta, chunk.DeltaStride);
            value = ref Unsafe.Add(ref value, chunk.ValueStride);
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

    /// <summary>Columns c..c+7 of one vector of gate rows: 8 independent chains of sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneByEight<TLanes, TVector>(ref float gradient, nuint stride, Chunk chunk, nuint vector, nuint c)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector sum0 = default, sum1 = default, sum2 = default, sum3 = default;
        TVector sum4 = default, sum5 = default, sum6 = default, sum7 = default;
        ref float delta = ref Unsafe.Add(ref chunk.Deltas, vector);
        ref float value = ref Unsafe.Add(ref chunk.Values, c);
        for (int step = 0; step < chunk.Steps; step++)
        {
            TVector deltaVector = TLanes.Load(ref delta, 0);
            sum0 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(value), sum0);
            sum1 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 1)), sum1);
            sum2 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 2)), sum2);
            sum3 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 3)), sum3);
            sum4 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 4)), sum4);
            sum5 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 5)), sum5);
            sum6 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 6)), sum6);
            sum7 = TLanes.MultiplyAdd(deltaVector, TLanes.Broadcast(Unsafe.Add(ref value, 7)), sum7);
            delta = ref Unsafe.Add(ref delta, chunk.DeltaStride);
            value = ref Unsafe.Add(ref value, chunk.ValueStride);
        }

        AddTo<TLanes, TVector>(ref gradient, 0, sum0);
        AddTo<TLanes, TVector>(ref gradient, stride, sum1);
        AddTo<TLanes, TVector>(ref gradient, 2 * stride, sum2);
        AddTo<TLanes, TVector>(ref gradient, 3 * stride, sum3);
        AddTo<TLanes, TVector>(ref gradient, 4 * stride, sum4);
        AddTo<TLanes, TVector>(ref gradient, 5 * stride, sum5);
        AddTo<TLanes, TVector>(ref gradient, 6 * stride, sum6);
        AddTo<TLanes, TVector>(ref gradient, 7 * stride, sum7);
    }

    /// <summary>Column c of one vector of gate rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneByOne<TLanes, TVector>(ref float gradient, Chunk chunk, nuint vector, nuint c)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector sum = default;
        ref float delta = ref Unsafe.Add(ref chunk.Deltas, vector);
        ref float value = ref Unsafe.Add(ref chunk.Values, c);
        for (int step = 0; step < chunk.Steps; step++)
        {
            sum = TLanes.MultiplyAdd(TLanes.Load(ref delta, 0), TLanes.Broadcast(value), sum);
            delta = ref Unsafe.Add(ref delta, chunk.DeltaStride);
            value = ref Unsafe.Add(ref value, chunk.ValueStride);
        }

        AddTo<TLanes, TVector>(ref gradient, 0, sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo<TLanes, TVector>(ref float gradient, nuint offset, TVector sum)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct => TLanes.Store(TLanes.Add(TLanes.Load(ref gradient, offset), sum), ref gradient, offset);

    /// <summary>Consecutive steps of one row: where their deltas (from the block's first gate row) and their inputs start, and how far apart.</summary>
    private readonly ref struct Chunk(ref float deltas, nint deltaStride, ref float values, nint valueStride, int steps)
    {
        public readonly ref float Deltas = ref deltas;
        public readonly nint DeltaStride = deltaStride;
        public readonly ref float Values = ref values;
        public readonly nint ValueStride = valueStride;
        public readonly int Steps = steps;
    }
}
