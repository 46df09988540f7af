using System;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Naive;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// One training step on a batch (forward, MSE, backpropagation through time, Adam): the generated model through
/// <see cref="Trainer{TModel}"/> on one thread and on every core, against the naive single-threaded trainer.
/// Mean is per batch; steps/s is BatchSize × Steps over Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TrainingConfig))]
public class TrainingBenchmarks
{
    private IGeneratedTraining _generated = null!;
    private IGeneratedTraining _generatedOneThread = null!;
    private NaiveTrainer _naive = null!;
    private TrainingBatch _batch = null!;

    /// <summary>The model trained.</summary>
    [Params(
        DeclaredModel.Lstm_1_32_1,
        DeclaredModel.Lstm_16_64_16,
        DeclaredModel.Lstm_64_128_64,
        DeclaredModel.Gru_1_32_1,
        DeclaredModel.Gru_16_64_16,
        DeclaredModel.Gru_64_128_64)]
    public DeclaredModel Model { get; set; }

    /// <summary>Sequences per batch.</summary>
    [Params(TrainingSettings.BatchSize)]
    public int BatchSize { get; set; }

    /// <summary>Steps per sequence, T.</summary>
    [Params(TrainingSettings.Steps)]
    public int Steps { get; set; }

    /// <summary>
    /// Builds the trainers from the same weights and refuses to go on unless one step of each generated trainer matches
    /// one step of a naive trainer started from its weights.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _generated = ModelCatalog.CreateTraining(Model, Environment.ProcessorCount);
        _generatedOneThread = ModelCatalog.CreateTraining(Model, maxThreads: 1);
        _batch = new TrainingBatch(_generated.Descriptor, BatchSize, Steps);
        _naive = NaiveTrainer.Create(_generated.Descriptor, _generated.Parameters, Steps);
        TrainingEquivalenceGuard.Verify(_generated, _naive, _batch, $"{Model}, {Environment.ProcessorCount} threads");
        NaiveTrainer twin = NaiveTrainer.Create(_generatedOneThread.Descriptor, _generatedOneThread.Parameters, Steps);
        TrainingEquivalenceGuard.Verify(_generatedOneThread, twin, _batch, $"{Model}, 1 thread");
    }

    /// <summary>Stops the trainers' worker threads.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _generated.Dispose();
        _generatedOneThread.Dispose();
    }

    /// <summary>Hand-written scalar C#, one thread.</summary>
    [Benchmark(Baseline = true)]
    public float Naive() => _naive.TrainBatch(_batch);

    /// <summary>The generated model's trainer limited to one thread.</summary>
    [Benchmark]
    public float GeneratedOneThread() => _generatedOneThread.TrainBatch(_batch);

    /// <summary>The generated model's trainer on every core (the default).</summary>
    [Benchmark]
    public float Generated() => _generated.TrainBatch(_batch);
}
