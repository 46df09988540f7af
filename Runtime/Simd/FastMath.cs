using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// tanh x and σ(x) written once over <see cref="ILanes{TVector}"/>, so every width computes the same function.
/// Gates wait on these in every step (σ and tanh, then tanh of the new cell), so their latency sets the speed of
/// small networks: a rational function needs no exponent tricks and about half the latency of e^x followed by
/// a division. Its coefficients were fitted for this library (a Lawson-weighted least-squares fit to tanh on
/// [0, 9]); in float arithmetic it is within 3.5·10⁻⁷ of tanh everywhere, σ within 1.9·10⁻⁷.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FastMath
{
    // Beyond ±9, tanh is within 3·10⁻⁸ of ±1: the function is held there.
    private const float Limit = 9f;

    /// <summary>tanh x ≈ x·P(x²)/Q(x²) with P and Q of degree 4, evaluated by Estrin's scheme.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Tanh<TLanes, TVector>(TVector x)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        x = TLanes.Min(TLanes.Max(x, TLanes.Broadcast(-Limit)), TLanes.Broadcast(Limit));
        TVector s = TLanes.Multiply(x, x);
        TVector s2 = TLanes.Multiply(s, s);
        TVector numerator = TLanes.MultiplyAdd(
            TLanes.MultiplyAdd(TLanes.Broadcast(1.397392102e-08f), s2, TLanes.MultiplyAdd(TLanes.Broadcast(2.106239796e-05f), s, TLanes.Broadcast(3.523314492e-03f))),
            s2,
            TLanes.MultiplyAdd(TLanes.Broadcast(1.340439914e-01f), s, TLanes.Broadcast(9.999999692e-01f)));
        TVector denominator = TLanes.MultiplyAdd(
            TLanes.MultiplyAdd(TLanes.Broadcast(8.032071111e-07f), s2, TLanes.MultiplyAdd(TLanes.Broadcast(3.330872377e-04f), s, TLanes.Broadcast(2.598256915e-02f))),
            s2,
            TLanes.MultiplyAdd(TLanes.Broadcast(4.673771707e-01f), s, TLanes.Broadcast(1f)));
        return TLanes.Divide(TLanes.Multiply(x, numerator), denominator);
    }

    /// <summary>σ(x) = ½ + ½ tanh(x / 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Sigmoid<TLanes, TVector>(TVector x)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        TVector half = TLanes.Broadcast(0.5f);
        return TLanes.MultiplyAdd(Tanh<TLanes, TVector>(TLanes.Multiply(x, half)), half, half);
    }
}
