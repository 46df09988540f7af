using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The gate equations of one recurrent kind, forward and backward, for <see cref="NaiveTrainer{TCell}"/>. Implemented by
/// structs and called through static members, so the trainer is compiled once per kind and makes no virtual call per step.
/// The matrix products around them (W_ih x + b_ih, W_hh h₋₁ + b_hh and their gradients) are the trainer's.
/// </summary>
public interface INaiveTrainableCell
{
    /// <summary>G: gate rows per hidden unit.</summary>
    static abstract int Gates { get; }

    /// <summary>Floats per hidden unit that <see cref="Forward"/> records for <see cref="Backward"/> (gate values and the like).</summary>
    static abstract int RecordedPerUnit { get; }

    /// <summary>
    /// One step: from the pre-activations W_ih x + b_ih (<paramref name="fromInput"/>) and W_hh h₋₁ + b_hh (<paramref name="fromHidden"/>),
    /// G·H values each in PyTorch's gate order, and the previous state, writes the new hidden (and LSTM cell) vector and
    /// what the backward step needs into <paramref name="record"/> (<see cref="RecordedPerUnit"/>·H floats).
    /// </summary>
    static abstract void Forward(
        ReadOnlySpan<float> fromInput, ReadOnlySpan<float> fromHidden, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> previousCell,
        Span<float> hidden, Span<float> cell, Span<float> record);

    /// <summary>
    /// The same step backwards. In: dL/dh in <paramref name="hiddenGradient"/>, and in <paramref name="cellGradient"/> the dL/dc that
    /// flows back from the next step (LSTM). Out: dL/d(W_ih x + b_ih) in <paramref name="inputDeltas"/> and dL/d(W_hh h₋₁ + b_hh) in
    /// <paramref name="hiddenDeltas"/> (G·H each), <paramref name="cellGradient"/> replaced by dL/dc₋₁, and <paramref name="hiddenGradient"/>
    /// replaced by the part of dL/dh₋₁ that does not go through W_hh (the caller adds W_hhᵀ · hiddenDeltas).
    /// </summary>
    static abstract void Backward(
        ReadOnlySpan<float> record, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> previousCell,
        Span<float> hiddenGradient, Span<float> cellGradient, Span<float> inputDeltas, Span<float> hiddenDeltas);
}
