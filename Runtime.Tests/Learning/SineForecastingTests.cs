using Xunit.Abstractions;

namespace RnnCodegen.Tests.Learning;

/// <summary>
/// An LSTM trained on windows of sin(φ + 0.2 t) at random phases predicts the next value of windows at phases it never saw.
/// </summary>
[Collection(nameof(TrainingFromScratch))]
public class SineForecastingTests(ITestOutputHelper output)
{
    private const int Steps = 32;
    private const double Frequency = 0.2;
    private const int BatchSize = 16;
    private const int TrainingSteps = 400;
    private const int HeldOutCount = 64;

    /// <summary>
    /// One value does not tell a rising sine from a falling one, so the first steps have an error no model can remove
    /// (at t = 0 it is sin²(0.2)/2 ≈ 0.02); the forecast is scored from this step on.
    /// </summary>
    private const int WarmUpSteps = 4;

    [Fact]
    public void An_lstm_forecasts_the_next_value_of_sine_windows_at_unseen_phases()
    {
        // Held-out phases fall halfway between 64 evenly spaced ones; training phases are random.
        (float[] inputs, float[] targets) = Windows(HeldOutCount, row => (row + 0.5) * 2 * Math.PI / HeldOutCount);
        var model = new SineForecaster(seed: 1);
        double persistence = ErrorAfterWarmUp(inputs, targets);
        double untrained = ForecastError(model, inputs, targets);

        Train(model);
        double trained = ForecastError(model, inputs, targets);
        output.WriteLine($"held-out MSE: untrained {untrained}, trained {trained}, repeating the last value {persistence}");

        // Repeating the last value misses by sin(φ + 0.2) − sin φ = 2 sin 0.1 · cos(φ + 0.1), whose mean square over
        // the phases is 2 sin² 0.1 ≈ 0.02: the untrained model does worse, the trained one far better.
        Assert.Equal(2 * Math.Pow(Math.Sin(0.1), 2), persistence, tolerance: 1e-4);
        Assert.True(untrained > persistence, $"untrained MSE {untrained}, repeating the last value {persistence}");
        Assert.True(trained < 1e-3, $"held-out MSE went from {untrained} to {trained} after {TrainingSteps} steps (repeating the last value: {persistence})");
    }

    private static void Train(SineForecaster model)
    {
        var options = new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f };
        using var trainer = new Trainer<SineForecaster>(model, new Adam(learningRate: 0.01f), Loss.MeanSquaredError, options);
        var phases = new Random(1);
        float[] inputs = new float[BatchSize * Steps];
        float[] targets = new float[BatchSize * Steps];
        for (int step = 0; step < TrainingSteps; step++)
        {
            Fill(inputs, targets, BatchSize, _ => phases.NextDouble() * 2 * Math.PI);
            trainer.TrainBatch(inputs, targets, BatchSize, Steps);
        }
    }

    /// <summary>The model's MSE after the warm-up, each held-out window run from a zero state with <c>Predict</c>.</summary>
    private static double ForecastError(SineForecaster model, float[] inputs, float[] targets)
    {
        float[] outputs = new float[inputs.Length];
        for (int row = 0; row < HeldOutCount; row++)
        {
            model.Predict(inputs.AsSpan(row * Steps, Steps), outputs.AsSpan(row * Steps, Steps));
        }

        return ErrorAfterWarmUp(outputs, targets);
    }

    /// <summary>The MSE of <paramref name="forecasts"/> after the warm-up steps of every window.</summary>
    private static double ErrorAfterWarmUp(float[] forecasts, float[] targets)
    {
        double squares = 0;
        int count = 0;
        for (int row = 0; row < HeldOutCount; row++)
        {
            for (int t = WarmUpSteps; t < Steps; t++)
            {
                double error = forecasts[(row * Steps) + t] - targets[(row * Steps) + t];
                squares += error * error;
                count++;
            }
        }

        return squares / count;
    }

    private static (float[] Inputs, float[] Targets) Windows(int count, Func<int, double> phase)
    {
        float[] inputs = new float[count * Steps];
        float[] targets = new float[count * Steps];
        Fill(inputs, targets, count, phase);
        return (inputs, targets);
    }

    /// <summary>Row r holds sin(φ_r + 0.2 t) for t = 0 … Steps − 1 and, as targets, the same one step later.</summary>
    private static void Fill(float[] inputs, float[] targets, int count, Func<int, double> phase)
    {
        for (int row = 0; row < count; row++)
        {
            double start = phase(row);
            for (int t = 0; t < Steps; t++)
            {
                inputs[(row * Steps) + t] = (float)Math.Sin(start + (Frequency * t));
                targets[(row * Steps) + t] = (float)Math.Sin(start + (Frequency * (t + 1)));
            }
        }
    }
}
