using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// A whole sequence of <see cref="Steps"/> steps two ways on the same generated model: one <c>Predict</c> call against
/// a loop of batch-1 <c>Step</c> calls, so the Ratio column is Predict's time per step over a single step's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class PredictVsStepBenchmarks
{
    private IStepModel _generated = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;
    private int _inputSize;
    private int _outputSize;

    /// <summary>The model measured.</summary>
    [Params(DeclaredModel.Lstm_1_32_1, DeclaredModel.Lstm_64_128_64, DeclaredModel.Gru_1_32_1, DeclaredModel.Gru_64_128_64)]
    public DeclaredModel Model { get; set; }

    /// <summary>Sequence length T.</summary>
    [Params(128)]
    public int Steps { get; set; }

    /// <summary>Builds the model, verified against its naive twin.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModelPair pair = ModelCatalog.CreateVerified(Model);
        _generated = pair.Generated;
        _inputSize = pair.Descriptor.InputSize;
        _outputSize = pair.Descriptor.OutputSize;
        _inputs = pair.RandomInputs(Steps);
        _outputs = new float[Steps * _outputSize];
    }

    /// <summary>T batch-1 steps from the zero state.</summary>
    /// <remarks>Through the interface: one indirect call per step, about 1 ns against the step's 0.2–5 µs.</remarks>
    [Benchmark(Baseline = true)]
    public void SingleSteps()
    {
        _generated.Reset();
        for (int t = 0; t < Steps; t++)
        {
            _generated.Step(_inputs.AsSpan(t * _inputSize, _inputSize), _outputs.AsSpan(t * _outputSize, _outputSize));
        }
    }

    /// <summary>The same sequence in one Predict call.</summary>
    /// <remarks><c>Unsafe.As</c>: the setup created exactly this type, and a checked cast would add work to the measured path.</remarks>
    [Benchmark]
    public void Predict()
    {
        switch (Model)
        {
            case DeclaredModel.Lstm_1_32_1:
                Unsafe.As<Lstm_1_32_1>(_generated).Predict(_inputs, _outputs);
                break;
            case DeclaredModel.Lstm_64_128_64:
                Unsafe.As<Lstm_64_128_64>(_generated).Predict(_inputs, _outputs);
                break;
            case DeclaredModel.Gru_1_32_1:
                Unsafe.As<Gru_1_32_1>(_generated).Predict(_inputs, _outputs);
                break;
            case DeclaredModel.Gru_64_128_64:
                Unsafe.As<Gru_64_128_64>(_generated).Predict(_inputs, _outputs);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }
}
