using System;
using System.Diagnostics.CodeAnalysis;

namespace RnnCodegen.Benchmarks.Peers.Models;

/// <summary>The generated members the peers benchmark drives; the generated models supply all of them.</summary>
public interface IGeneratedModel
{
    /// <summary>The generated model's flat parameter storage.</summary>
    Span<float> Parameters { get; }

    /// <summary>One time step on the model's own state.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "The generated models name it Step; this interface only mirrors them.")]
    void Step(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>A whole sequence from the zero state.</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Zeroes the model's own state.</summary>
    void Reset();

    /// <summary>Replaces the parameters with a PyTorch state dict's.</summary>
    void ImportSafetensors(string path);
}
