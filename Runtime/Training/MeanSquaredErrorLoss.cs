using System;

namespace RnnCodegen.Training;

/// <summary>Σ (y − t)², and its gradient 2 (y − t).</summary>
internal sealed class MeanSquaredErrorLoss : Loss
{
    internal override bool TakesClasses => false;

    internal override bool OnLogits => false;

    /// <summary>
    /// Returns Σ (y − t)² over <paramref name="outputs"/> and writes <paramref name="scale"/> · 2 (y − t) into
    /// <paramref name="gradients"/>; <paramref name="scale"/> is 1 / (elements in the batch) for a mean.
    /// </summary>
    public static double Accumulate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, float scale, Span<float> gradients)
    {
        // As PyTorch's mse_loss_backward: the difference in float, times the factor 2 / N.
        float factor = 2f * scale;
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            float difference = outputs[i] - targets[i];
            sum += (double)difference * difference;
            gradients[i] = factor * difference;
        }

        return sum;
    }

    public override string ToString() => nameof(MeanSquaredError);
}
