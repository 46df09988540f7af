using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// Where a generated training step's time goes, on one thread: the whole step (<c>TrainBatch</c>), the forward pass with
/// its tape and the loss (<c>Evaluate</c>), and the Adam update alone. The rest of the step is the backward pass and the
/// summing of the per-group gradient buffers.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TrainingConfig))]
public class TrainingBreakdownBenchmarks
{
    private IGeneratedTraining _generated = null!;
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

    /// <summary>Builds the model and trainer, and takes one step so that the gradients the optimizer row reads are real.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _generated = ModelCatalog.CreateTraining(Model, maxThreads: 1);
        _batch = new TrainingBatch(_generated.Descriptor, BatchSize, Steps);
        _generated.TrainBatch(_batch);
        _generated.RecordBatch(_batch);
    }

    /// <summary>Stops the trainer's worker threads.</summary>
    [GlobalCleanup]
    public void Cleanup() => _generated.Dispose();

    /// <summary>Forward, loss, backward, the weight gradients and Adam.</summary>
    [Benchmark(Baseline = true)]
    public float TrainBatch() => _generated.TrainBatch(_batch);

    /// <summary>Forward (recording the tape) and loss.</summary>
    [Benchmark]
    public float Evaluate() => _generated.Evaluate(_batch);

    /// <summary>The weight gradients of the whole batch from its recorded tapes and deltas (the trainer's second phase), one thread.</summary>
    [Benchmark]
    public void WeightGradients() => _generated.SumWeightGradients();

    /// <summary>The yardstick: batch-1 inference, one Step for each of the batch's BatchSize × Steps row-steps.</summary>
    [Benchmark]
    public void InferenceSteps() => _generated.InferenceSteps(_batch);

    /// <summary>Adam over every parameter.</summary>
    [Benchmark]
    public void OptimizerStep() => _generated.StepOptimizer();
}
