using System;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>Streams of one model, advanced one step at a time either stream by stream or all in one batched call.</summary>
public interface IStreamSet
{
    /// <summary>One <c>Step(ref state, …)</c> per stream.</summary>
    void SingleSteps();

    /// <summary>One <c>Step(states, inputs, outputs)</c> for all streams.</summary>
    void Batched();
}

/// <summary>
/// The zero states, one step of inputs and the outputs of <c>states.Length</c> streams of <paramref name="model"/>.
/// Both ways call the model through its interface (guarded devirtualization makes that a type check and a direct call,
/// about 1 ns against a single step's 0.15–5 µs), so they pay the same for it.
/// </summary>
public sealed class StreamSet<TState>(IStreamStepModel<TState> model, TState[] states, float[] inputs, float[] outputs) : IStreamSet
    where TState : struct
{
    private readonly int _inputSize = inputs.Length / states.Length;
    private readonly int _outputSize = outputs.Length / states.Length;

    /// <inheritdoc/>
    public void SingleSteps()
    {
        for (int s = 0; s < states.Length; s++)
        {
            model.Step(ref states[s], inputs.AsSpan(s * _inputSize, _inputSize), outputs.AsSpan(s * _outputSize, _outputSize));
        }
    }

    /// <inheritdoc/>
    public void Batched() => model.Step(states, inputs, outputs);
}
