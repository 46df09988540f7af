using System;
using System.Diagnostics.CodeAnalysis;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>One engine computing a measured model: batch 1, float32, the state kept between steps.</summary>
public interface IEngine : IDisposable
{
    /// <summary>The row name in the tables.</summary>
    string Name { get; }

    /// <summary>One time step: InputSize values in, OutputSize values out; advances the engine's state.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "Named as the generated models' Step.")]
    void Step(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>A whole sequence of T steps from the zero state (T·InputSize in, T·OutputSize out); the state is left as it was.</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Zeroes the state <see cref="Step"/> advances.</summary>
    void Reset();
}
