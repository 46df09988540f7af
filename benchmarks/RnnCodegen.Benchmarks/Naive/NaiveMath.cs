using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>The two helpers a hand-written recurrent network needs: an affine map and the logistic function.</summary>
public static class NaiveMath
{
    /// <summary>y = W x + b, with W row-major: <c>y.Length</c> rows of <c>x.Length</c> columns (PyTorch's layout).</summary>
    public static void Affine(float[] weights, float[] bias, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int row = 0; row < y.Length; row++)
        {
            float sum = bias[row];
            for (int column = 0; column < x.Length; column++)
            {
                sum += weights[(row * x.Length) + column] * x[column];
            }

            y[row] = sum;
        }
    }

    /// <summary>σ(x) = 1 / (1 + e^−x).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
