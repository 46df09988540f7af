using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>Elman RNN with tanh: h = tanh(W_ih x + b_ih + W_hh h₋₁ + b_hh).</summary>
public readonly struct NaiveSimpleRnnCell : INaiveCell
{
    /// <inheritdoc/>
    public static LayerKind Kind => LayerKind.SimpleRnn;

    /// <inheritdoc/>
    public static int Gates => 1;

    /// <inheritdoc/>
    public static void Update(float[] fromInput, float[] fromHidden, float[] hidden, float[] cell)
    {
        for (int u = 0; u < hidden.Length; u++)
        {
            hidden[u] = MathF.Tanh(fromInput[u] + fromHidden[u]);
        }
    }
}
