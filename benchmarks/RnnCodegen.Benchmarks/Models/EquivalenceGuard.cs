using System;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// Refuses to benchmark a pair whose members disagree: a broken kernel (or a broken baseline) must fail the run,
/// not report numbers for two different functions.
/// </summary>
public static class EquivalenceGuard
{
    /// <summary>Steps long enough for the recurrent state to carry errors forward.</summary>
    public const int Steps = 20;

    /// <summary>Largest accepted difference of any output.</summary>
    public const float Tolerance = 1e-4f;

    /// <summary>Runs both models <see cref="Steps"/> steps from the zero state on the same inputs, then resets both.</summary>
    /// <exception cref="InvalidOperationException">An output differs by more than <see cref="Tolerance"/>.</exception>
    public static void Verify(ModelPair pair, string name)
    {
        ArgumentNullException.ThrowIfNull(pair);
        int inputSize = pair.Descriptor.InputSize;
        int outputSize = pair.Descriptor.OutputSize;
        float[] inputs = pair.RandomInputs(Steps);
        var generated = new float[outputSize];
        var naive = new float[outputSize];
        pair.Generated.Reset();
        pair.Naive.Reset();
        for (int step = 0; step < Steps; step++)
        {
            ReadOnlySpan<float> input = inputs.AsSpan(step * inputSize, inputSize);
            pair.Generated.Step(input, generated);
            pair.Naive.Step(input, naive);
            for (int o = 0; o < outputSize; o++)
            {
                float difference = MathF.Abs(generated[o] - naive[o]);
                // written so that NaN fails too
                if (!(difference <= Tolerance))
                {
                    throw new InvalidOperationException(
                        $"{name}: step {step}, output {o}: generated {generated[o]:R} vs naive {naive[o]:R} "
                        + $"(difference {difference:R} > {Tolerance:R}); the benchmark would compare different functions.");
                }
            }
        }

        pair.Generated.Reset();
        pair.Naive.Reset();
    }
}
