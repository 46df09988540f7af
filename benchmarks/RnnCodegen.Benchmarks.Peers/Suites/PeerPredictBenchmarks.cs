using System;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Peers.Suites;

/// <summary>A whole sequence of <see cref="Steps"/> steps from the zero state, batch 1: one call per sequence.</summary>
public class PeerPredictBenchmarks : PeerBenchmarks
{
    /// <summary>Time steps per sequence.</summary>
    public const int Steps = 64;

    private float[] _inputs = null!;
    private float[] _outputs = null!;

    /// <summary>The generated model's Predict.</summary>
    [Benchmark(Baseline = true)]
    public void RnnCodegen() => Engines.Generated.Predict(_inputs, _outputs);

    /// <summary>nn.LSTM over the sequence, then nn.Linear on every step's hidden state.</summary>
    [Benchmark]
    public void TorchSharp() => Engines.TorchSharp.Predict(_inputs, _outputs);

    /// <summary>One run of the ONNX graph with T = 64 and a zero state.</summary>
    [Benchmark]
    public void OnnxRuntime() => Engines.OnnxRuntime.Predict(_inputs, _outputs);

    /// <inheritdoc/>
    protected override void CreateBuffers(ModelDescriptor descriptor)
    {
        _inputs = new float[Steps * descriptor.InputSize];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = MathF.Sin(0.1f * i);
        }

        _outputs = new float[Steps * descriptor.OutputSize];
    }
}
