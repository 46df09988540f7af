using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// One batch for mean-squared-error training, batch-major as <see cref="Trainer{TModel}"/> takes it: inputs
/// [BatchSize, Steps, InputSize] and targets [BatchSize, Steps, OutputSize], both pseudo-random in [−1, 1) from a fixed seed.
/// </summary>
public sealed class TrainingBatch
{
    private const int Seed = 11;

    /// <summary>Creates a batch that fits the model described by <paramref name="descriptor"/>.</summary>
    public TrainingBatch(ModelDescriptor descriptor, int batchSize, int steps)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        BatchSize = batchSize;
        Steps = steps;
        var random = new Random(Seed);
        Inputs = Uniform(random, batchSize * steps * descriptor.InputSize);
        Targets = Uniform(random, batchSize * steps * descriptor.OutputSize);
    }

    /// <summary>Sequences in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Steps per sequence.</summary>
    public int Steps { get; }

    /// <summary>[BatchSize, Steps, InputSize].</summary>
    public float[] Inputs { get; }

    /// <summary>[BatchSize, Steps, OutputSize].</summary>
    public float[] Targets { get; }

    private static float[] Uniform(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
