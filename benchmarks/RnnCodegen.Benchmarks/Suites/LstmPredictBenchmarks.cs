using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Naive;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// A whole sequence of <see cref="Steps"/> steps from the zero state (<c>Predict</c>): Mean is per sequence,
/// the ns/step column per step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class LstmPredictBenchmarks
{
    private object _generated = null!;
    private NaiveModel<NaiveLstmCell> _naive = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;

    /// <summary>The model measured.</summary>
    [Params(DeclaredModel.Lstm_1_32_1, DeclaredModel.Lstm_64_128_64)]
    public DeclaredModel Model { get; set; }

    /// <summary>Sequence length T.</summary>
    [Params(64)]
    public int Steps { get; set; }

    /// <summary>Builds both models with the same weights and refuses to go on if they disagree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModelPair pair = ModelCatalog.CreateVerified(Model);
        _generated = pair.Generated;
        _naive = (NaiveModel<NaiveLstmCell>)pair.Naive;
        _inputs = pair.RandomInputs(Steps);
        _outputs = new float[Steps * pair.Descriptor.OutputSize];
    }

    /// <summary>Hand-written scalar C#, one step after another.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => _naive.Predict(_inputs, _outputs);

    /// <summary>The generated model's Predict.</summary>
    /// <remarks><c>Unsafe.As</c>: the setup created exactly this type, and a checked cast would add work to the measured path.</remarks>
    [Benchmark]
    public void Generated()
    {
        switch (Model)
        {
            case DeclaredModel.Lstm_1_32_1:
                Unsafe.As<Lstm_1_32_1>(_generated).Predict(_inputs, _outputs);
                break;
            case DeclaredModel.Lstm_64_128_64:
                Unsafe.As<Lstm_64_128_64>(_generated).Predict(_inputs, _outputs);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }
}
