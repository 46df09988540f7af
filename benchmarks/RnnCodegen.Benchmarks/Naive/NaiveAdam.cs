using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// Adam as the paper and <c>torch.optim.Adam</c> (no weight decay) define it, written out element by element:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
/// </summary>
/// <param name="learningRate">lr.</param>
public sealed class NaiveAdam(float learningRate)
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private int _step;

    /// <summary>Updates every tensor's values from its gradient.</summary>
    public void Step(NaiveTensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _step++;
        float correction1 = 1f - MathF.Pow(Beta1, _step);
        float correction2 = 1f - MathF.Pow(Beta2, _step);
        foreach (NaiveTensor tensor in tensors)
        {
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                float gradient = tensor.Gradient[i];
                tensor.FirstMoment[i] = (Beta1 * tensor.FirstMoment[i]) + ((1f - Beta1) * gradient);
                tensor.SecondMoment[i] = (Beta2 * tensor.SecondMoment[i]) + ((1f - Beta2) * gradient * gradient);
                float corrected1 = tensor.FirstMoment[i] / correction1;
                float corrected2 = tensor.SecondMoment[i] / correction2;
                tensor.Values[i] -= learningRate * corrected1 / (MathF.Sqrt(corrected2) + Epsilon);
            }
        }
    }
}
