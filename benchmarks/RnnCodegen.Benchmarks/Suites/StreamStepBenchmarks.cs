using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// Serving many streams of one model: one batched <c>Step(states, inputs, outputs)</c> against a loop of single
/// <c>Step(ref state, …)</c> calls over the same states. MAC/ns counts every stream's multiply-adds.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class StreamStepBenchmarks
{
    private object _model = null!;
    private Lstm_1_32_1.State[] _smallLstmStates = [];
    private Lstm_64_128_64.State[] _largeLstmStates = [];
    private Gru_1_32_1.State[] _smallGruStates = [];
    private Gru_64_128_64.State[] _largeGruStates = [];
    private float[] _inputs = [];
    private float[] _outputs = [];
    private int _inputSize;
    private int _outputSize;

    /// <summary>The model measured.</summary>
    [Params(DeclaredModel.Lstm_1_32_1, DeclaredModel.Lstm_64_128_64, DeclaredModel.Gru_1_32_1, DeclaredModel.Gru_64_128_64)]
    public DeclaredModel Model { get; set; }

    /// <summary>Streams advanced per call.</summary>
    [Params(1, 4, 16, 64)]
    public int Streams { get; set; }

    /// <summary>The model's weights, zero states and one step of random inputs for every stream.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModelPair pair = ModelCatalog.CreateVerified(Model);
        _model = pair.Generated;
        _inputSize = pair.Descriptor.InputSize;
        _outputSize = pair.Descriptor.OutputSize;
        _inputs = pair.RandomInputs(steps: Streams);
        _outputs = new float[Streams * _outputSize];
        _smallLstmStates = new Lstm_1_32_1.State[Streams];
        _largeLstmStates = new Lstm_64_128_64.State[Streams];
        _smallGruStates = new Gru_1_32_1.State[Streams];
        _largeGruStates = new Gru_64_128_64.State[Streams];
    }

    /// <summary>One <c>Step(ref state, …)</c> per stream: every stream streams all the weights.</summary>
    [Benchmark(Baseline = true)]
    public void SingleSteps()
    {
        switch (Model)
        {
            case DeclaredModel.Lstm_1_32_1:
                Lstm_1_32_1 smallLstm = Unsafe.As<Lstm_1_32_1>(_model);
                for (int s = 0; s < Streams; s++)
                {
                    smallLstm.Step(ref _smallLstmStates[s], Input(s), Output(s));
                }

                break;
            case DeclaredModel.Lstm_64_128_64:
                Lstm_64_128_64 largeLstm = Unsafe.As<Lstm_64_128_64>(_model);
                for (int s = 0; s < Streams; s++)
                {
                    largeLstm.Step(ref _largeLstmStates[s], Input(s), Output(s));
                }

                break;
            case DeclaredModel.Gru_1_32_1:
                Gru_1_32_1 smallGru = Unsafe.As<Gru_1_32_1>(_model);
                for (int s = 0; s < Streams; s++)
                {
                    smallGru.Step(ref _smallGruStates[s], Input(s), Output(s));
                }

                break;
            case DeclaredModel.Gru_64_128_64:
                Gru_64_128_64 largeGru = Unsafe.As<Gru_64_128_64>(_model);
                for (int s = 0; s < Streams; s++)
                {
                    largeGru.Step(ref _largeGruStates[s], Input(s), Output(s));
                }

                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }

    /// <summary>One batched step over all streams.</summary>
    [Benchmark]
    public void Batched()
    {
        switch (Model)
        {
            case DeclaredModel.Lstm_1_32_1:
                Unsafe.As<Lstm_1_32_1>(_model).Step(_smallLstmStates, _inputs, _outputs);
                break;
            case DeclaredModel.Lstm_64_128_64:
                Unsafe.As<Lstm_64_128_64>(_model).Step(_largeLstmStates, _inputs, _outputs);
                break;
            case DeclaredModel.Gru_1_32_1:
                Unsafe.As<Gru_1_32_1>(_model).Step(_smallGruStates, _inputs, _outputs);
                break;
            case DeclaredModel.Gru_64_128_64:
                Unsafe.As<Gru_64_128_64>(_model).Step(_largeGruStates, _inputs, _outputs);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }

    private ReadOnlySpan<float> Input(int stream) => _inputs.AsSpan(stream * _inputSize, _inputSize);

    private Span<float> Output(int stream) => _outputs.AsSpan(stream * _outputSize, _outputSize);
}
