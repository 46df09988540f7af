using System;

namespace SineForecast;

/// <summary>Free-running forecasts: the model reads a wave, then continues it on its own output.</summary>
internal static class Forecasting
{
    /// <summary>
    /// Reads <paramref name="warmUp"/> from a zero state, then writes <paramref name="forecast"/>: each value is the
    /// model's prediction of the next step, fed back as its next input.
    /// </summary>
    public static void FreeRun(SinePredictor model, ReadOnlySpan<float> warmUp, Span<float> forecast)
    {
        Span<float> next = stackalloc float[SinePredictor.OutputSize];
        model.Reset();
        foreach (float value in warmUp)
        {
            model.Step([value], next);
        }

        for (int t = 0; t < forecast.Length; t++)
        {
            forecast[t] = next[0];
            model.Step([next[0]], next);
        }
    }

    /// <summary>
    /// Root-mean-square error of the free-running forecast at each number of steps ahead, over
    /// <paramref name="waves"/> fresh waves; beside it the same for repeating the last value read, the naive forecast
    /// any model must beat.
    /// </summary>
    public static (double[] Model, double[] Persistence) ErrorByHorizon(SinePredictor model, Waves waves, int count, int warmUp, int horizon)
    {
        double[] modelSquares = new double[horizon];
        double[] persistenceSquares = new double[horizon];
        float[] wave = new float[warmUp + horizon];
        float[] shifted = new float[wave.Length];
        float[] forecast = new float[horizon];
        for (int i = 0; i < count; i++)
        {
            waves.Fill(wave, shifted, batch: 1, wave.Length);
            FreeRun(model, wave.AsSpan(0, warmUp), forecast);
            for (int h = 0; h < horizon; h++)
            {
                float actual = wave[warmUp + h];
                modelSquares[h] += Math.Pow(forecast[h] - actual, 2);
                persistenceSquares[h] += Math.Pow(wave[warmUp - 1] - actual, 2);
            }
        }

        return (Array.ConvertAll(modelSquares, s => Math.Sqrt(s / count)), Array.ConvertAll(persistenceSquares, s => Math.Sqrt(s / count)));
    }
}
