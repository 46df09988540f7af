using System;

namespace SineForecast;

/// <summary>Training data the sample makes itself: windows of sine waves with random frequency, phase and amplitude.</summary>
internal sealed class Waves(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>
    /// Fills <paramref name="inputs"/> with <paramref name="batch"/> windows of <paramref name="steps"/> values and
    /// <paramref name="targets"/> with the same windows shifted by one step: the value to predict.
    /// </summary>
    public void Fill(float[] inputs, float[] targets, int batch, int steps)
    {
        for (int row = 0; row < batch; row++)
        {
            double frequency = 0.05 + (0.15 * _random.NextDouble());
            double phase = 2 * Math.PI * _random.NextDouble();
            double amplitude = 0.5 + (0.4 * _random.NextDouble());
            for (int t = 0; t < steps; t++)
            {
                inputs[(row * steps) + t] = Value(t);
                targets[(row * steps) + t] = Value(t + 1);
            }

            float Value(int t) => (float)(amplitude * Math.Sin((2 * Math.PI * frequency * t) + phase));
        }
    }
}
