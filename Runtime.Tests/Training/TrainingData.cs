namespace RnnCodegen.Tests.Training;

/// <summary>Reproducible batches for the trainer tests.</summary>
internal static class TrainingData
{
    /// <summary><paramref name="count"/> floats uniform in [−1, 1) from <paramref name="seed"/>.</summary>
    public static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (2 * random.NextSingle()) - 1;
        }

        return values;
    }

    /// <summary><paramref name="count"/> integers in [0, <paramref name="bound"/>) from <paramref name="seed"/>.</summary>
    public static int[] Integers(int count, int bound, int seed)
    {
        var random = new Random(seed);
        int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Next(bound);
        }

        return values;
    }

    /// <summary>
    /// The outputs of h_t = w·x_t + a·h_{t−1} + bias from <paramref name="h0"/>, in double: the reference for
    /// <see cref="Models.LinearRecurrenceModel"/>.
    /// </summary>
    public static double[] LinearRecurrence(ReadOnlySpan<float> x, double w, double a, double bias, double h0 = 0)
    {
        double[] h = new double[x.Length];
        double previous = h0;
        for (int t = 0; t < x.Length; t++)
        {
            previous = (w * x[t]) + (a * previous) + bias;
            h[t] = previous;
        }

        return h;
    }
}
