using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The backward halves of <see cref="NaiveMath.Affine"/>, y = W x + b, for a hand-written trainer:
/// dW += dy ⊗ x, db += dy, dx += Wᵀ dy, as plain loops over row-major arrays.
/// </summary>
public static class NaiveBackprop
{
    /// <summary>dW += dy ⊗ x: W has <c>dy.Length</c> rows of <c>x.Length</c> columns.</summary>
    public static void AddOuterProduct(float[] weightGradient, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> x)
    {
        for (int row = 0; row < outputGradient.Length; row++)
        {
            for (int column = 0; column < x.Length; column++)
            {
                weightGradient[(row * x.Length) + column] += outputGradient[row] * x[column];
            }
        }
    }

    /// <summary>dx += Wᵀ dy: W has <c>dy.Length</c> rows of <c>dx.Length</c> columns.</summary>
    public static void AddTransposedProduct(float[] weights, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        for (int row = 0; row < outputGradient.Length; row++)
        {
            for (int column = 0; column < inputGradient.Length; column++)
            {
                inputGradient[column] += weights[(row * inputGradient.Length) + column] * outputGradient[row];
            }
        }
    }

    /// <summary>db += dy.</summary>
    public static void Add(float[] biasGradient, ReadOnlySpan<float> outputGradient)
    {
        for (int row = 0; row < outputGradient.Length; row++)
        {
            biasGradient[row] += outputGradient[row];
        }
    }
}
