using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// The product every step of a layer's backward pass needs, on the blocked layout: the input gradient W^T δ, with δ
/// ("deltas") stored blocked like a bias: (block, gate, unit). A gate range lets a GRU use different δ for different
/// gates. The weight gradients wait for the whole batch (<see cref="BatchGradients"/>).
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MatrixGradients
{
    /// <summary>
    /// output[c] (+)= Σ over blocks and gates of W[gate, unit, first + c] · δ[gate, unit] for c in [0, count):
    /// the gradient with respect to the matrix's inputs. Four columns at a time share each load of δ, and each column
    /// keeps two chains of partial sums (even and odd gates), so 8 independent sums hide the multiply-adds' latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposedProduct<TLanes, TVector>(BlockShape shape, ref float weights, ref float deltas, int first, int count, int gateFrom, int gateTo, ref float output, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint c = 0;
        for (; c + 4 <= (nuint)count; c += 4)
        {
            FourColumns<TLanes, TVector>(shape, ref weights, ref deltas, (nuint)first + c, gateFrom, gateTo, ref Unsafe.Add(ref output, c), accumulate);
        }

        for (; c < (nuint)count; c++)
        {
            TVector even = default;
            TVector odd = default;
            for (nuint block = 0; block < (nuint)shape.Blocks; block++)
            {
                ref float column = ref Unsafe.Add(ref weights, ((block * (nuint)shape.Columns) + (nuint)first + c) * (nuint)shape.Stride);
                ref float delta = ref Unsafe.Add(ref deltas, block * (nuint)shape.Stride);
                for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
                {
                    nuint gate = (nuint)gateFrom;
                    for (; gate + 1 < (nuint)gateTo; gate += 2)
                    {
                        nuint at = (gate * BlockShape.Width) + lane;
                        even = TLanes.MultiplyAdd(TLanes.Load(ref column, at), TLanes.Load(ref delta, at), even);
                        odd = TLanes.MultiplyAdd(TLanes.Load(ref column, at + BlockShape.Width), TLanes.Load(ref delta, at + BlockShape.Width), odd);
                    }

                    if (gate < (nuint)gateTo)
                    {
                        nuint at = (gate * BlockShape.Width) + lane;
                        even = TLanes.MultiplyAdd(TLanes.Load(ref column, at), TLanes.Load(ref delta, at), even);
                    }
                }
            }

            Store(ref Unsafe.Add(ref output, c), TLanes.Sum(TLanes.Add(even, odd)), accumulate);
        }
    }

    /// <summary>
    /// <see cref="TransposedProduct"/> for each of <paramref name="rows"/> rows, whose deltas and outputs lie
    /// <paramref name="deltaStride"/> and <paramref name="outputStride"/> apart: a tile of 4 rows loads each weight
    /// vector once for all 4 (the weights stream from L2 once per tile instead of once per row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposedProducts<TLanes, TVector>(BlockShape shape, ref float weights, ref float deltas, nint deltaStride, int first, int count, int gateFrom, int gateTo, ref float output, nint outputStride, int rows, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        if (rows != 4)
        {
            for (int row = 0; row < rows; row++)
            {
                TransposedProduct<TLanes, TVector>(shape, ref weights, ref Unsafe.Add(ref deltas, row * deltaStride), first, count, gateFrom, gateTo, ref Unsafe.Add(ref output, row * outputStride), accumulate);
            }

            return;
        }

        var tile = new FourRows(ref deltas, deltaStride, ref output, outputStride);
        nuint c = 0;
        for (; c + 2 <= (nuint)count; c += 2)
        {
            TwoColumnsFourRows<TLanes, TVector>(shape, ref weights, (nuint)first + c, gateFrom, gateTo, tile, c, accumulate);
        }

        if (c < (nuint)count)
        {
            OneColumnFourRows<TLanes, TVector>(shape, ref weights, (nuint)first + c, gateFrom, gateTo, tile, c, accumulate);
        }
    }

    /// <summary>Columns c, c+1 for 4 rows: each weight vector loaded once feeds 4 multiply-adds, 8 independent sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoColumnsFourRows<TLanes, TVector>(BlockShape shape, ref float weights, nuint column, int gateFrom, int gateTo, FourRows tile, nuint c, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint stride = (nuint)shape.Stride;
        TVector first0 = default, first1 = default, first2 = default, first3 = default;
        TVector second0 = default, second1 = default, second2 = default, second3 = default;
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            ref float weight = ref Unsafe.Add(ref weights, ((block * (nuint)shape.Columns) + column) * stride);
            nuint blockDeltas = block * stride;
            for (nuint at = (nuint)gateFrom * BlockShape.Width; at < (nuint)gateTo * BlockShape.Width; at += (nuint)TLanes.Count)
            {
                TVector firstWeights = TLanes.Load(ref weight, at);
                TVector secondWeights = TLanes.Load(ref weight, stride + at);
                TVector delta0 = TLanes.Load(ref tile.Deltas, blockDeltas + at);
                TVector delta1 = TLanes.Load(ref Unsafe.Add(ref tile.Deltas, tile.DeltaStride), blockDeltas + at);
                TVector delta2 = TLanes.Load(ref Unsafe.Add(ref tile.Deltas, 2 * tile.DeltaStride), blockDeltas + at);
                TVector delta3 = TLanes.Load(ref Unsafe.Add(ref tile.Deltas, 3 * tile.DeltaStride), blockDeltas + at);
                first0 = TLanes.MultiplyAdd(firstWeights, delta0, first0);
                first1 = TLanes.MultiplyAdd(firstWeights, delta1, first1);
                first2 = TLanes.MultiplyAdd(firstWeights, delta2, first2);
                first3 = TLanes.MultiplyAdd(firstWeights, delta3, first3);
                second0 = TLanes.MultiplyAdd(secondWeights, delta0, second0);
                second1 = TLanes.MultiplyAdd(secondWeights, delta1, second1);
                second2 = TLanes.MultiplyAdd(secondWeights, delta2, second2);
                second3 = TLanes.MultiplyAdd(secondWeights, delta3, second3);
            }
        }

        tile.Store(0, c, TLanes.Sum(first0), accumulate);
        tile.Store(1, c, TLanes.Sum(first1), accumulate);
        tile.Store(2, c, TLanes.Sum(first2), accumulate);
        tile.Store(3, c, TLanes.Sum(first3), accumulate);
        tile.Store(0, c + 1, TLanes.Sum(second0), accumulate);
        tile.Store(1, c + 1, TLanes.Sum(second1), accumulate);
        tile.Store(2, c + 1, TLanes.Sum(second2), accumulate);
        tile.Store(3, c + 1, TLanes.Sum(second3), accumulate);
    }

    /// <summary>The last column of an odd count, for 4 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneColumnFourRows<TLanes, TVector>(BlockShape shape, ref float weights, nuint column, int gateFrom, int gateTo, FourRows tile, nuint c, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint stride = (nuint)shape.Stride;
        TVector sum0 = default, sum1 = default, sum2 = default, sum3 = default;
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            ref float weight = ref Unsafe.Add(ref weights, ((block * (nuint)shape.Columns) + column) * stride);
            nuint blockDeltas = block * stride;
            for (nuint at = (nuint)gateFrom * BlockShape.Width; at < (nuint)gateTo * BlockShape.Width; at += (nuint)TLanes.Count)
            {
                TVector weightVector = TLanes.Load(ref weight, at);
                sum0 = TLanes.MultiplyAdd(weightVector, TLanes.Load(ref tile.Deltas, blockDeltas + at), sum0);
                sum1 = TLanes.MultiplyAdd(weightVector, TLanes.Load(ref Unsafe.Add(ref tile.Deltas, tile.DeltaStride), blockDeltas + at), sum1);
                sum2 = TLanes.MultiplyAdd(weightVector, TLanes.Load(ref Unsafe.Add(ref tile.Deltas, 2 * tile.DeltaStride), blockDeltas + at), sum2);
                sum3 = TLanes.MultiplyAdd(weightVector, TLanes.Load(ref Unsafe.Add(ref tile.Deltas, 3 * tile.DeltaStride), blockDeltas + at), sum3);
            }
        }

        tile.Store(0, c, TLanes.Sum(sum0), accumulate);
        tile.Store(1, c, TLanes.Sum(sum1), accumulate);
        tile.Store(2, c, TLanes.Sum(sum2), accumulate);
        tile.Store(3, c, TLanes.Sum(sum3), accumulate);
    }

    /// <summary>Columns c..c+3 of <see cref="TransposedProduct"/>: the same sums, in the same order, per column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourColumns<TLanes, TVector>(BlockShape shape, ref float weights, ref float deltas, nuint c, int gateFrom, int gateTo, ref float output, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        nuint stride = (nuint)shape.Stride;
        TVector even0 = default, even1 = default, even2 = default, even3 = default;
        TVector odd0 = default, odd1 = default, odd2 = default, odd3 = default;
        for (nuint block = 0; block < (nuint)shape.Blocks; block++)
        {
            ref float column = ref Unsafe.Add(ref weights, ((block * (nuint)shape.Columns) + c) * stride);
            ref float delta = ref Unsafe.Add(ref deltas, block * stride);
            for (nuint lane = 0; lane < BlockShape.Width; lane += (nuint)TLanes.Count)
            {
                nuint gate = (nuint)gateFrom;
                for (; gate + 1 < (nuint)gateTo; gate += 2)
                {
                    nuint at = (gate * BlockShape.Width) + lane;
                    TVector evenDelta = TLanes.Load(ref delta, at);
                    TVector oddDelta = TLanes.Load(ref delta, at + BlockShape.Width);
                    even0 = TLanes.MultiplyAdd(TLanes.Load(ref column, at), evenDelta, even0);
                    odd0 = TLanes.MultiplyAdd(TLanes.Load(ref column, at + BlockShape.Width), oddDelta, odd0);
                    even1 = TLanes.MultiplyAdd(TLanes.Load(ref column, stride + at), evenDelta, even1);
                    odd1 = TLanes.MultiplyAdd(TLanes.Load(ref column, stride + at + BlockShape.Width), oddDelta, odd1);
                    even2 = TLanes.MultiplyAdd(TLanes.Load(ref column, (2 * stride) + at), evenDelta, even2);
                    odd2 = TLanes.MultiplyAdd(TLanes.Load(ref column, (2 * stride) + at + BlockShape.Width), oddDelta, odd2);
                    even3 = TLanes.MultiplyAdd(TLanes.Load(ref column, (3 * stride) + at), evenDelta, even3);
                    odd3 = TLanes.MultiplyAdd(TLanes.Load(ref column, (3 * stride) + at + BlockShape.Width), oddDelta, odd3);
                }

                if (gate < (nuint)gateTo)
                {
                    nuint at = (gate * BlockShape.Width) + lane;
                    TVector evenDelta = TLanes.Load(ref delta, at);
                    even0 = TLanes.MultiplyAdd(TLanes.Load(ref column, at), evenDelta, even0);
                    even1 = TLanes.MultiplyAdd(TLanes.Load(ref column, stride + at), evenDelta, even1);
                    even2 = TLanes.MultiplyAdd(TLanes.Load(ref column, (2 * stride) + at), evenDelta, even2);
                    even3 = TLanes.MultiplyAdd(TLanes.Load(ref column, (3 * stride) + at), evenDelta, even3);
                }
            }
        }

        Store(ref output, TLanes.Sum(TLanes.Add(even0, odd0)), accumulate);
        Store(ref Unsafe.Add(ref output, 1), TLanes.Sum(TLanes.Add(even1, odd1)), accumulate);
        Store(ref Unsafe.Add(ref output, 2), TLanes.Sum(TLanes.Add(even2, odd2)), accumulate);
        Store(ref Unsafe.Add(ref output, 3), TLanes.Sum(TLanes.Add(even3, odd3)), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float output, float sum, bool accumulate) => output = accumulate ? output + sum : sum;

    /// <summary>The deltas and outputs of a tile of 4 rows: row r's lie r strides after row 0's.</summary>
    private readonly ref struct FourRows(ref float deltas, nint deltaStride, ref float output, nint outputStride)
    {
        public readonly ref float Deltas = ref deltas;
        public readonly nint DeltaStride = deltaStride;
        private readonly ref float _output = ref output;
        private readonly nint _outputStride = outputStride;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(int row, nuint c, float sum, bool accumulate) =>
            MatrixGradients.Store(ref Unsafe.Add(ref Unsafe.Add(ref _output, row * _outputStride), c), sum, accumulate);
    }
}
