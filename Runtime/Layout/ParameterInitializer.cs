using System;
using System.ComponentModel;
using RnnCodegen.Layout;

namespace RnnCodegen.Internals;

/// <summary>
/// Seeded initialization with PyTorch's default distributions: recurrent layers uniform in ±1/√hidden
/// (every tensor), Dense uniform in ±1/√inputs (weight and bias), Embedding standard normal.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ParameterInitializer
{
    /// <summary>The seed of a model constructed without one.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Fills <paramref name="storage"/> (padding zeroed) from <paramref name="seed"/>; the same seed gives the same parameters on every machine.</summary>
    public static void Initialize(ModelDescriptor model, Span<float> storage, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        storage.Clear();
        var random = new SplitMix64((ulong)(uint)seed);
        foreach (LayerDescriptor layer in model.Layers)
        {
            float bound = layer.Kind == LayerKind.Dense ? 1f / MathF.Sqrt(layer.InputSize) : 1f / MathF.Sqrt(layer.Size);
            foreach (TensorDescriptor tensor in layer.Tensors)
            {
                float[] values = new float[tensor.ElementCount];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = layer.Kind == LayerKind.Embedding ? random.NextNormal() : (2 * random.NextUnit() - 1) * bound;
                }

                tensor.Scatter(values, storage);
            }
        }
    }

    /// <summary>Steele, Lea and Flood's SplitMix64: tiny, fast, and the same sequence on every platform.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        /// <summary>A float uniform in [0, 1) with 24 random bits.</summary>
        public float NextUnit() => (NextBits() >> 40) * (1f / (1 << 24));

        /// <summary>A standard normal float (Box–Muller).</summary>
        public float NextNormal()
        {
            double u1 = ((NextBits() >> 11) + 1) * (1.0 / (1UL << 53));
            double u2 = (NextBits() >> 11) * (1.0 / (1UL << 53));
            return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        private ulong NextBits()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
