using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The gate equations of one recurrent kind. Implemented by structs and called through static members, so
/// <see cref="NaiveModel{TCell}"/> is compiled once per kind and its step has no virtual call.
/// </summary>
public interface INaiveCell
{
    /// <summary>The layer kind these equations belong to.</summary>
    static abstract LayerKind Kind { get; }

    /// <summary>G: gate rows per hidden unit.</summary>
    static abstract int Gates { get; }

    /// <summary>
    /// Turns the pre-activations W_ih x + b_ih (<paramref name="fromInput"/>) and W_hh h₋₁ + b_hh (<paramref name="fromHidden"/>),
    /// G·H values each in PyTorch's gate order, into the new hidden vector (and LSTM cell vector), in place.
    /// </summary>
    static abstract void Update(float[] fromInput, float[] fromHidden, float[] hidden, float[] cell);
}
