using System;
using System.Diagnostics.CodeAnalysis;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// One step of a model with its own state: what the setup and the correctness guard need from a generated model and
/// from its naive twin. The measured code never calls through it: it calls the concrete types.
/// </summary>
public interface IStepModel
{
    /// <summary>Feeds one step of input to the model's state and writes the step's outputs.</summary>
    [SuppressMessage("Naming", "CA1716", Justification = "The generated models name it Step; this interface only mirrors them.")]
    void Step(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Returns the state to zero, as at the start of a sequence.</summary>
    void Reset();
}
