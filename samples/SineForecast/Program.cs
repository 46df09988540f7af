using System;
using System.Diagnostics;
using System.IO;
using RnnCodegen;
using SineForecast;

// Trains an LSTM to continue sine waves, shows what it learned, saves it, and proves the saved file
// reproduces the model exactly.
const int BatchSize = 16;
const int Steps = 64;
const int Batches = 2000;

var model = new SinePredictor(seed: 1);
var training = new Waves(seed: 2);
var validation = new Waves(seed: 3);
float[] inputs = new float[BatchSize * Steps];
float[] targets = new float[BatchSize * Steps];
float[] validationInputs = new float[BatchSize * Steps];
float[] validationTargets = new float[BatchSize * Steps];
validation.Fill(validationInputs, validationTargets, BatchSize, Steps);

Console.WriteLine($"{nameof(SinePredictor)}: {SinePredictor.Descriptor.Signature}, {SinePredictor.ParameterCount} parameters");
using (var trainer = new Trainer<SinePredictor>(model, new Adam(learningRate: 1e-2f), Loss.MeanSquaredError,
    new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f }))
{
    Console.WriteLine($"untrained validation MSE {trainer.Evaluate(validationInputs, validationTargets, BatchSize, Steps):F5}");
    var clock = Stopwatch.StartNew();
    for (int batch = 1; batch <= Batches; batch++)
    {
        training.Fill(inputs, targets, BatchSize, Steps);
        float loss = trainer.TrainBatch(inputs, targets, BatchSize, Steps);
        if (batch % 250 == 0)
        {
            float validationLoss = trainer.Evaluate(validationInputs, validationTargets, BatchSize, Steps);
            Console.WriteLine($"batch {batch,4}: training MSE {loss:F5}, validation MSE {validationLoss:F5}");
        }
    }

    double seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"trained {Batches} batches of {BatchSize}×{Steps} steps in {seconds:F1} s ({Batches * BatchSize * Steps / seconds:N0} sequence steps/s)");
}

// Warm the state up on a wave, then let the model continue it on its own output.
const int Horizon = 12;
float[] wave = new float[Steps + Horizon];
new Waves(seed: 4).Fill(wave, new float[wave.Length], batch: 1, wave.Length);
Span<float> next = stackalloc float[SinePredictor.OutputSize];
model.Reset();
foreach (float value in wave.AsSpan(0, Steps))
{
    model.Step([value], next);
}

Console.WriteLine("free-running forecast, the model's output fed back as its input:");
Console.Write("  forecast");
for (int t = 0; t < Horizon; t++)
{
    Console.Write($"{next[0],7:F3}");
    model.Step([next[0]], next);
}

Console.WriteLine();
Console.Write("  actual  ");
foreach (float value in wave.AsSpan(Steps))
{
    Console.Write($"{value,7:F3}");
}

Console.WriteLine();

string path = Path.Combine(Path.GetTempPath(), "sine-predictor.rnn");
model.Save(path);
SinePredictor loaded = SinePredictor.Load(path);
float[] original = new float[wave.Length];
float[] reloaded = new float[wave.Length];
model.Predict(wave, original);
loaded.Predict(wave, reloaded);
Console.WriteLine($"saved to {path} ({new FileInfo(path).Length:N0} bytes); the reloaded model predicts {(original.AsSpan().SequenceEqual(reloaded) ? "identically" : "DIFFERENTLY")}");
