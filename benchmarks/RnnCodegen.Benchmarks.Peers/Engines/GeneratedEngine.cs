using System;
using RnnCodegen.Benchmarks.Peers.Models;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>The generated model itself; the only cost over calling it directly is this interface call (about a nanosecond).</summary>
public sealed class GeneratedEngine(IGeneratedModel model) : IEngine
{
    /// <inheritdoc/>
    public string Name => "RnnCodegen";

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> input, Span<float> output) => model.Step(input, output);

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs) => model.Predict(inputs, outputs);

    /// <inheritdoc/>
    public void Reset() => model.Reset();

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
