using System;
using System.Diagnostics.CodeAnalysis;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>A generated model's two ways of advancing caller-owned streams; the generated part supplies both.</summary>
/// <typeparam name="TState">The model's State.</typeparam>
[SuppressMessage("Naming", "CA1716", Justification = "The generated models name it Step; this interface only mirrors them.")]
public interface IStreamStepModel<TState>
    where TState : struct
{
    /// <summary>Advances one stream's state by one step.</summary>
    void Step(ref TState state, ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Advances every stream's state by one step in one batched call.</summary>
    void Step(Span<TState> states, ReadOnlySpan<float> inputs, Span<float> outputs);
}
