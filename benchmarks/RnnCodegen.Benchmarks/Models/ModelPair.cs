using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>A generated model and the naive reference that holds the same weights, so both compute the same function.</summary>
/// <param name="Descriptor">The model's layers and tensors.</param>
/// <param name="Generated">The generated model: one of the classes declared in BenchmarkModels.cs.</param>
/// <param name="Naive">Its naive twin.</param>
public sealed record ModelPair(ModelDescriptor Descriptor, IStepModel Generated, IStepModel Naive)
{
    private const int InputSeed = 7;

    /// <summary>A fixed pseudo-random sequence of <paramref name="steps"/> inputs in [−1, 1).</summary>
    public float[] RandomInputs(int steps)
    {
        var random = new Random(InputSeed);
        var inputs = new float[steps * Descriptor.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (random.NextSingle() * 2f) - 1f;
        }

        return inputs;
    }
}
