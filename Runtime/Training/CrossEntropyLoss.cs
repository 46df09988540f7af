using System;

namespace RnnCodegen.Training;

/// <summary>Σ over steps of log Σ e^z − z_class, and its gradient softmax(z) − onehot(class).</summary>
internal sealed class CrossEntropyLoss : Loss
{
    internal override bool TakesClasses => true;

    internal override bool OnLogits => true;

    /// <summary>
    /// For each step (one class index and classCount logits each) adds log Σ e^z − z_class to the returned sum and
    /// writes <paramref name="scale"/> · (softmax(z) − onehot(class)) into <paramref name="gradients"/>.
    /// Class indices must already be checked (<see cref="CheckClasses"/>).
    /// </summary>
    public static double Accumulate(ReadOnlySpan<float> logits, ReadOnlySpan<int> classes, float scale, Span<float> gradients)
    {
        int classCount = logits.Length / classes.Length;
        double sum = 0;
        for (int step = 0; step < classes.Length; step++)
        {
            ReadOnlySpan<float> z = logits.Slice(step * classCount, classCount);
            Span<float> gradient = gradients.Slice(step * classCount, classCount);

            // log Σ e^z = max + log Σ e^(z − max): no term overflows, the largest is exactly 1.
            float max = float.NegativeInfinity;
            foreach (float value in z)
            {
                max = MathF.Max(max, value);
            }

            double exponentials = 0;
            foreach (float value in z)
            {
                exponentials += Math.Exp(value - (double)max);
            }

            double logSumExp = max + Math.Log(exponentials);
            int target = classes[step];
            sum += logSumExp - z[target];
            for (int i = 0; i < classCount; i++)
            {
                gradient[i] = scale * (float)Math.Exp(z[i] - logSumExp);
            }

            gradient[target] -= scale;
        }

        return sum;
    }

    /// <summary>
    /// Throws unless every class index is in [0, <paramref name="classCount"/>); the message names the batch row and
    /// step. <paramref name="classes"/> holds <paramref name="stepsPerRow"/> per row, for the steps from <paramref name="firstStep"/> on.
    /// </summary>
    public static void CheckClasses(ReadOnlySpan<int> classes, int classCount, int stepsPerRow, int firstStep, string parameterName)
    {
        for (int i = 0; i < classes.Length; i++)
        {
            if ((uint)classes[i] >= (uint)classCount)
            {
                (int row, int step) = Math.DivRem(i, stepsPerRow);
                throw new ArgumentOutOfRangeException(
                    parameterName,
                    classes[i],
                    $"Class {classes[i]} at batch row {row}, step {firstStep + step} is outside [0, {classCount}): the model has {classCount} outputs.");
            }
        }
    }

    public override string ToString() => nameof(CrossEntropy);
}
