using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>The softmax of a Dense layer's outputs, in place. Infrastructure for generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Softmax
{
    /// <summary>Replaces <paramref name="count"/> values at <paramref name="values"/> with e^x_i / Σ e^x_j.</summary>
    /// <remarks>The largest value is subtracted first (softmax is shift-invariant) so that e^x never overflows.</remarks>
    public static void InPlace(ref float values, int count)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            max = MathF.Max(max, Unsafe.Add(ref values, i));
        }

        float sum = 0f;
        for (int i = 0; i < count; i++)
        {
            float e = MathF.Exp(Unsafe.Add(ref values, i) - max);
            Unsafe.Add(ref values, i) = e;
            sum += e;
        }

        float scale = 1f / sum;
        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref values, i) *= scale;
        }
    }
}
