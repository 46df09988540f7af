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
    /// the gradient with respect to the matrix's inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposedProduct<TLanes, TVector>(BlockShape shape, ref float weights, ref float deltas, int first, int count, int gateFrom, int gateTo, ref float output, bool accumulate)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (nuint c = 0; c < (nuint)count; c++)
        {
            // Two chains of partial sums halve the dependency on fused multiply-add latency.
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

            float sum = TLanes.Sum(TLanes.Add(even, odd));
            Unsafe.Add(ref output, c) = accumulate ? Unsafe.Add(ref output, c) + sum : sum;
        }
    }
}
