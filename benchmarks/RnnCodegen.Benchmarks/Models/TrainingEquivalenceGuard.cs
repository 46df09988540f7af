using System;
using System.Globalization;
using RnnCodegen.Benchmarks.Naive;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// Refuses to benchmark training when the generated trainer and the naive one do not compute the same step: from the same
/// weights and batch, one <c>TrainBatch</c> of each must give the same loss, the same gradients and the same parameters.
/// </summary>
/// <remarks>
/// Parameters alone would prove little: Adam's first step moves each parameter by about lr · sign(gradient), whatever the
/// gradient's size. So the gradients are compared too, each tensor relative to its largest gradient.
/// </remarks>
public static class TrainingEquivalenceGuard
{
    /// <summary>Largest accepted difference of a parameter after the step, of the loss (relative), and of a gradient (relative to its tensor's largest).</summary>
    public const float Tolerance = 1e-4f;

    /// <summary>Runs one training step of both on <paramref name="batch"/> and compares.</summary>
    /// <exception cref="InvalidOperationException">The loss, a gradient or a parameter differs by more than <see cref="Tolerance"/>.</exception>
    public static void Verify(IGeneratedTraining generated, NaiveTrainer naive, TrainingBatch batch, string name)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(naive);
        float generatedLoss = generated.TrainBatch(batch);
        float naiveLoss = naive.TrainBatch(batch);
        // written as "not within" so that NaN fails too
        if (!(MathF.Abs(generatedLoss - naiveLoss) <= Tolerance * MathF.Max(1f, MathF.Abs(naiveLoss))))
        {
            throw Disagreement(name, $"loss: generated {generatedLoss:R} vs naive {naiveLoss:R}");
        }

        float worstGradient = 0f;
        float worstParameter = 0f;
        foreach (NaiveTensor tensor in naive.Tensors)
        {
            TensorDescriptor descriptor = generated.Descriptor.FindTensor(tensor.Name)
                ?? throw new InvalidOperationException($"{name}: the generated model has no tensor '{tensor.Name}'.");
            var values = new float[descriptor.ElementCount];
            descriptor.Gather(generated.Gradients, values);
            float largest = LargestMagnitude(tensor.Gradient);
            worstGradient = MathF.Max(worstGradient, Compare(values, tensor.Gradient, Tolerance * largest, name, $"gradient of {tensor.Name}") / largest);
            descriptor.Gather(generated.Parameters, values);
            worstParameter = MathF.Max(worstParameter, Compare(values, tensor.Values, Tolerance, name, $"{tensor.Name} after the step"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {name}: one training step agrees with the naive trainer: loss {generatedLoss:G6} vs {naiveLoss:G6}, "
            + $"largest gradient difference {worstGradient:E1} of its tensor's largest, largest parameter difference {worstParameter:E1}"));
    }

    /// <summary>Returns the largest difference, or throws naming the first element beyond <paramref name="tolerance"/>.</summary>
    private static float Compare(float[] generated, float[] naive, float tolerance, string name, string what)
    {
        float worst = 0f;
        for (int i = 0; i < naive.Length; i++)
        {
            float difference = MathF.Abs(generated[i] - naive[i]);
            if (!(difference <= tolerance))
            {
                throw Disagreement(name, $"{what}, element {i}: generated {generated[i]:R} vs naive {naive[i]:R} (difference {difference:R} > {tolerance:R})");
            }

            worst = MathF.Max(worst, difference);
        }

        return worst;
    }

    private static float LargestMagnitude(float[] values)
    {
        float largest = float.Epsilon;
        foreach (float value in values)
        {
            largest = MathF.Max(largest, MathF.Abs(value));
        }

        return largest;
    }

    private static InvalidOperationException Disagreement(string name, string what) =>
        new($"{name}: {what}; the benchmark would compare different training steps.");
}
