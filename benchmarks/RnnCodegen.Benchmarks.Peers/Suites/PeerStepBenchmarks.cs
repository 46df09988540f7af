using BenchmarkDotNet.Attributes;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Peers.Suites;

/// <summary>One time step, batch 1, the state carried from call to call: a streaming app's inner loop.</summary>
public class PeerStepBenchmarks : PeerBenchmarks
{
    private float[] _input = null!;
    private float[] _output = null!;

    /// <summary>The generated model's Step.</summary>
    [Benchmark(Baseline = true)]
    public void RnnCodegen() => Engines.Generated.Step(_input, _output);

    /// <summary>nn.LSTM and nn.Linear forward, h and c passed in and out.</summary>
    [Benchmark]
    public void TorchSharp() => Engines.TorchSharp.Step(_input, _output);

    /// <summary>One run of the ONNX graph with T = 1, h and c passed in and out.</summary>
    [Benchmark]
    public void OnnxRuntime() => Engines.OnnxRuntime.Step(_input, _output);

    /// <inheritdoc/>
    protected override void CreateBuffers(ModelDescriptor descriptor)
    {
        _input = new float[descriptor.InputSize];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = 0.5f - (0.01f * i);
        }

        _output = new float[descriptor.OutputSize];
    }
}
