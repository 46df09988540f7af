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
}
