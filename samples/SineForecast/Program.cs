using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Intrinsics;
using RnnCodegen;
using SineForecast;

// Trains an LSTM to continue sine waves until the validation loss stops improving, shows what it learned (numbers
// and PNG figures), saves it, and proves the saved file reproduces the model exactly.
// Usage: SineForecast [folder for the figures, default: sine-forecast in the temp folder]
const int BatchSize = 16;
const int Steps = 64;
const int MaxBatches = 2000;
const int CheckEvery = 100;
const int ValidationSequences = 64;

string figures = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "sine-forecast");
Directory.CreateDirectory(figures);

var model = new SinePredictor(seed: 1);
var training = new Waves(seed: 2);
float[] inputs = new float[BatchSize * Steps];
float[] targets = new float[BatchSize * Steps];
float[] validationInputs = new float[ValidationSequences * Steps];
float[] validationTargets = new float[ValidationSequences * Steps];
new Waves(seed: 3).Fill(validationInputs, validationTargets, ValidationSequences, Steps);

// What the sample is for is the free-running forecast, so that is what validation measures: the mean squared error
// over 16 steps ahead on 64 validation waves. (The one-step MSE flattens by batch 600 while the free-running error
// keeps improving until about batch 1,500: README.md, images/loss.png.)
// Stop after 3 checks (300 batches) without a 2 % gain, and keep the best weights.
const int ValidationHorizon = 16;
double FreeRunningError() => MeanOfSquares(Forecasting.ErrorByHorizon(model, new Waves(seed: 3), ValidationSequences, Steps, ValidationHorizon).Model);
var stopping = new EarlyStopping(patience: 3, minImprovement: 0.02f);
float[] trainingLoss = new float[MaxBatches];
int[] checkBatches = new int[MaxBatches / CheckEvery];
float[] validationLoss = new float[MaxBatches / CheckEvery];
float[] validationFreeRunning = new float[MaxBatches / CheckEvery];
int checks = 0;
int batches = 0;

Console.WriteLine($"SIMD: Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, Vector128 {(Vector128.IsHardwareAccelerated ? "on" : "off")}");
Console.WriteLine($"{nameof(SinePredictor)}: {SinePredictor.Descriptor.Signature}, {SinePredictor.ParameterCount} parameters");
using (var trainer = new Trainer<SinePredictor>(model, new Adam(learningRate: 1e-2f), Loss.MeanSquaredError,
    new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f }))
{
    Console.WriteLine($"untrained validation MSE {trainer.Evaluate(validationInputs, validationTargets, ValidationSequences, Steps):F5}");
    var clock = Stopwatch.StartNew();
    bool stop = false;
    while (batches < MaxBatches && !stop)
    {
        training.Fill(inputs, targets, BatchSize, Steps);
        trainingLoss[batches++] = trainer.TrainBatch(inputs, targets, BatchSize, Steps);
        if (batches % CheckEvery == 0)
        {
            float loss = trainer.Evaluate(validationInputs, validationTargets, ValidationSequences, Steps);
            float freeRunning = (float)FreeRunningError();
            checkBatches[checks] = batches;
            validationLoss[checks] = loss;
            validationFreeRunning[checks++] = freeRunning;
            stop = stopping.ShouldStop(batches, freeRunning, model.Parameters);
            Console.WriteLine($"batch {batches,4}: training MSE {trainingLoss[batches - 1]:F5}, validation MSE one step ahead {loss:F5}, "
                + $"free-running {freeRunning:F5}{(stopping.BestBatch == batches ? " (best so far)" : "")}");
        }
    }

    double seconds = clock.Elapsed.TotalSeconds;
    stopping.RestoreBest(model.Parameters);
    Console.WriteLine($"{(stop ? "stopped early" : "trained")} after {batches} of at most {MaxBatches} batches of {BatchSize}×{Steps} steps in {seconds:F1} s "
        + $"({batches * BatchSize * Steps / seconds:N0} sequence steps/s); kept the weights of batch {stopping.BestBatch}, free-running validation MSE {stopping.BestLoss:F5}");
}

// Warm the state up on a wave, then let the model continue it on its own output.
const int Horizon = 12;
float[] wave = new float[Steps + Horizon];
new Waves(seed: 4).Fill(wave, new float[wave.Length], batch: 1, wave.Length);
float[] forecast = new float[Horizon];
Forecasting.FreeRun(model, wave.AsSpan(0, Steps), forecast);
Console.WriteLine("free-running forecast, the model's output fed back as its input:");
Console.WriteLine($"  forecast{string.Concat(Array.ConvertAll(forecast, v => $"{v,7:F3}"))}");
Console.WriteLine($"  actual  {string.Concat(Array.ConvertAll(wave[Steps..], v => $"{v,7:F3}"))}");

// The error figure: how fast the free-running forecast drifts, over many waves, against the naive forecast.
const int ErrorHorizon = 32;
var (modelError, persistenceError) = Forecasting.ErrorByHorizon(model, new Waves(seed: 5), count: 200, Steps, ErrorHorizon);
Console.WriteLine($"free-running RMSE over 200 waves, steps ahead 1 / 4 / 16 / 32: model {modelError[0]:F3} / {modelError[3]:F3} / {modelError[15]:F3} / {modelError[31]:F3}, "
    + $"repeating the last value {persistenceError[0]:F3} / {persistenceError[3]:F3} / {persistenceError[15]:F3} / {persistenceError[31]:F3}");

float[] longForecast = new float[ErrorHorizon];
float[] longWave = new float[Steps + ErrorHorizon];
new Waves(seed: 4).Fill(longWave, new float[longWave.Length], batch: 1, longWave.Length);
Forecasting.FreeRun(model, longWave.AsSpan(0, Steps), longForecast);
Console.WriteLine($"figures: {Plots.Forecast(figures, longWave, Steps, longForecast)}, "
    + $"{Plots.LossCurve(figures, trainingLoss[..batches], checkBatches[..checks], validationLoss[..checks], validationFreeRunning[..checks], stopping.BestBatch)}, "
    + $"{Plots.HorizonError(figures, modelError, persistenceError)}");

string path = Path.Combine(Path.GetTempPath(), "sine-predictor.rnn");
model.Save(path);
SinePredictor loaded = SinePredictor.Load(path);
float[] original = new float[wave.Length];
float[] reloaded = new float[wave.Length];
model.Predict(wave, original);
loaded.Predict(wave, reloaded);
Console.WriteLine($"saved to {path} ({new FileInfo(path).Length:N0} bytes); the reloaded model predicts {(original.AsSpan().SequenceEqual(reloaded) ? "identically" : "DIFFERENTLY")}");

static double MeanOfSquares(double[] rootMeanSquares)
{
    double sum = 0;
    foreach (double value in rootMeanSquares)
    {
        sum += value * value;
    }

    return sum / rootMeanSquares.Length;
}
