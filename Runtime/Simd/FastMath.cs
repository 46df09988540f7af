using System.Runtime.CompilerServices;

namespace RnnCodegen.Simd;

/// <summary>
/// e^x, σ(x) and tanh x written once over <see cref="ILanes{TVector}"/>, so every width computes the same
/// polynomial. The library exponentials are exact to the last bit but cost several times more, and gates
/// evaluate one per unit per step; this Cephes-style e^x is within 2 ulp on its range.
/// </summary>
public static class FastMath
{
    // e^x overflows float above 88.72 and is subnormal below −87.33; clamping keeps 2ⁿ a normal float.
    private const float MaxInput = 88.3762626647949f;
    private const float MinInput = -87.3365447504019f;
    private const float Log2E = 1.44269504088896341f;

    // ln 2 split so that n · Ln2High is exact for the n that occur (Cody and Waite).
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    /// <summary>e^x with a relative error below 2·10⁻⁷ (x is clamped to [−87.3, 88.4]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TLanes, TVector>(TVector x)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        x = TLanes.Min(TLanes.Max(x, TLanes.Broadcast(MinInput)), TLanes.Broadcast(MaxInput));

        // x = n ln 2 + r with |r| ≤ ln 2 / 2
        TVector n = TLanes.Round(TLanes.Multiply(x, TLanes.Broadcast(Log2E)));
        TVector r = TLanes.MultiplyAdd(n, TLanes.Broadcast(-Ln2High), x);
        r = TLanes.MultiplyAdd(n, TLanes.Broadcast(-Ln2Low), r);

        // e^r ≈ 1 + r + r² p(r) with Cephes expf's minimax p, evaluated by Estrin's scheme: three
        // independent pairs instead of one chain of five multiply-adds, since gates wait on this latency
        TVector r2 = TLanes.Multiply(r, r);
        TVector low = TLanes.MultiplyAdd(TLanes.Broadcast(1.6666665459e-1f), r, TLanes.Broadcast(5.0000001201e-1f));
        TVector middle = TLanes.MultiplyAdd(TLanes.Broadcast(8.3334519073e-3f), r, TLanes.Broadcast(4.1665795894e-2f));
        TVector high = TLanes.MultiplyAdd(TLanes.Broadcast(1.9875691500e-4f), r, TLanes.Broadcast(1.3981999507e-3f));
        TVector p = TLanes.MultiplyAdd(TLanes.MultiplyAdd(high, r2, middle), r2, low);
        TVector y = TLanes.MultiplyAdd(p, r2, TLanes.Add(r, TLanes.Broadcast(1f)));
        return TLanes.ScaleByPowerOfTwo(y, n);
    }

    /// <summary>σ(x) = 1 / (1 + e^−x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Sigmoid<TLanes, TVector>(TVector x)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        return TLanes.Divide(one, TLanes.Add(one, Exp<TLanes, TVector>(TLanes.Subtract(default, x))));
    }

    /// <summary>tanh x = sign(x) (1 − e^−2|x|) / (1 + e^−2|x|), a form that never overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Tanh<TLanes, TVector>(TVector x)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector one = TLanes.Broadcast(1f);
        TVector e = Exp<TLanes, TVector>(TLanes.Multiply(TLanes.Abs(x), TLanes.Broadcast(-2f)));
        return TLanes.CopySign(TLanes.Divide(TLanes.Subtract(one, e), TLanes.Add(one, e)), x);
    }
}
