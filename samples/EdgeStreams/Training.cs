using System;
using System.Diagnostics;
using RnnCodegen;

namespace EdgeStreams;

/// <summary>Teaches the model what normal sensor traffic looks like: predict each next reading of fresh simulated sensors.</summary>
internal static class Training
{
    private const int BatchSize = 32;
    private const int Steps = 64;

    public static SensorModel Train(int batches)
    {
        var model = new SensorModel(seed: 1);
        float[] inputs = new float[BatchSize * Steps];
        float[] targets = new float[BatchSize * Steps];
        var clock = Stopwatch.StartNew();
        float loss = float.NaN;
        using (var trainer = new Trainer<SensorModel>(model, new Adam(learningRate: 1e-2f), Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f }))
        {
            for (int batch = 0; batch < batches; batch++)
            {
                new SensorFleet(BatchSize, seed: 1000 + batch).FillWindows(inputs, targets, Steps);
                loss = trainer.TrainBatch(inputs, targets, BatchSize, Steps);
            }
        }

        Console.WriteLine($"trained on {batches} batches of {BatchSize} simulated sensors × {Steps} readings in {clock.Elapsed.TotalSeconds:F1} s, "
            + $"last MSE {loss:F5} (the noise alone gives {SensorFleet.Noise * SensorFleet.Noise / 3:F5})");
        return model;
    }
}
