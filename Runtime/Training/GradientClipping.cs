using System;

namespace RnnCodegen;

/// <summary>Gradient clipping against exploding gradients, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by <paramref name="maxNorm"/> / (‖g‖ + 1e-6) when that factor is below 1,
    /// where ‖g‖ is the 2-norm of all of them together (computed in double). Returns ‖g‖ before clipping.
    /// Non-finite gradients are left as they are; the returned norm is then NaN or infinity.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static float ClipGradientNorm(Span<float> gradients, float maxNorm)
    {
        CheckMaxNorm(maxNorm, nameof(maxNorm));
        double norm = Math.Sqrt(SumOfSquares(gradients));
        if (double.IsFinite(norm))
        {
            ScaleToNorm(gradients, norm, maxNorm);
        }

        return (float)norm;
    }

    /// <summary>Throws unless <paramref name="maxNorm"/> is positive and finite.</summary>
    internal static void CheckMaxNorm(float maxNorm, string name)
    {
        if (!(maxNorm > 0f && float.IsFinite(maxNorm)))
        {
            throw new ArgumentOutOfRangeException(name, maxNorm, $"The maximum gradient norm must be positive and finite, was {maxNorm}.");
        }
    }

    /// <summary>Σ g², accumulated in double in index order (so the same gradients always give the same bits).</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float value in values)
        {
            sum += (double)value * value;
        }

        return sum;
    }

    /// <summary>Clips gradients whose norm is <paramref name="norm"/> to <paramref name="maxNorm"/>.</summary>
    internal static void ScaleToNorm(Span<float> gradients, double norm, float maxNorm)
    {
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1.0)
        {
            float factor = (float)coefficient;
            foreach (ref float gradient in gradients)
            {
                gradient *= factor;
            }
        }
    }
}
