using System.Diagnostics;
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
    private IStreamSet _streams = null!;

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
        float[] inputs = pair.RandomInputs(steps: Streams);
        float[] outputs = new float[Streams * pair.Descriptor.OutputSize];
        _streams = pair.Generated switch
        {
            Lstm_1_32_1 model => new StreamSet<Lstm_1_32_1.State>(model, new Lstm_1_32_1.State[Streams], inputs, outputs),
            Lstm_64_128_64 model => new StreamSet<Lstm_64_128_64.State>(model, new Lstm_64_128_64.State[Streams], inputs, outputs),
            Gru_1_32_1 model => new StreamSet<Gru_1_32_1.State>(model, new Gru_1_32_1.State[Streams], inputs, outputs),
            Gru_64_128_64 model => new StreamSet<Gru_64_128_64.State>(model, new Gru_64_128_64.State[Streams], inputs, outputs),
            _ => throw new UnreachableException($"No case for {Model}."),
        };
    }

    /// <summary>One <c>Step(ref state, …)</c> per stream: every stream streams all the weights.</summary>
    [Benchmark(Baseline = true)]
    public void SingleSteps() => _streams.SingleSteps();

    /// <summary>One batched step over all streams.</summary>
    [Benchmark]
    public void Batched() => _streams.Batched();
}
