using System.ComponentModel;

namespace RnnCodegen.Internals;

/// <summary>
/// The vector operations generated kernels are written against. Each implementation is a struct, so the JIT
/// compiles one specialised copy of a kernel per width (Vector256, Vector128, scalar) with every call inlined.
/// </summary>
/// <typeparam name="TVector">The register type: <c>Vector256&lt;float&gt;</c>, <c>Vector128&lt;float&gt;</c> or <c>float</c>.</typeparam>
/// <remarks>Infrastructure for generated code; offsets count floats, and callers guarantee they are in range.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ILanes<TVector>
    where TVector : struct
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> floats at <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVector Load(ref float source, nuint offset);

    /// <summary>Stores <see cref="Count"/> floats at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVector value, ref float destination, nuint offset);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    /// <summary>a · b + addend, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a · b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>The lane-wise smaller value.</summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary>The lane-wise larger value.</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>1 / (1 + e^−x).</summary>
    static abstract TVector Sigmoid(TVector x);

    /// <summary>tanh x.</summary>
    static abstract TVector Tanh(TVector x);

    /// <summary>max(0, x).</summary>
    static abstract TVector Relu(TVector x);

    /// <summary>1 where x &gt; 0, else 0: the derivative of <see cref="Relu"/>.</summary>
    static abstract TVector ReluDerivative(TVector x);

    /// <summary>The sum of all lanes.</summary>
    static abstract float Sum(TVector x);
}
