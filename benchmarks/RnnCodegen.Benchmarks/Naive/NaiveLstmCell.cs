using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>LSTM, gates i, f, g, o: c = f ⊙ c₋₁ + i ⊙ g, h = o ⊙ tanh(c).</summary>
public readonly struct NaiveLstmCell : INaiveCell
{
    /// <inheritdoc/>
    public static LayerKind Kind => LayerKind.Lstm;

    /// <inheritdoc/>
    public static int Gates => 4;

    /// <inheritdoc/>
    public static void Update(float[] fromInput, float[] fromHidden, float[] hidden, float[] cell)
    {
        int size = hidden.Length;
        for (int u = 0; u < size; u++)
        {
            float i = NaiveMath.Sigmoid(fromInput[u] + fromHidden[u]);
            float f = NaiveMath.Sigmoid(fromInput[size + u] + fromHidden[size + u]);
            float g = MathF.Tanh(fromInput[(2 * size) + u] + fromHidden[(2 * size) + u]);
            float o = NaiveMath.Sigmoid(fromInput[(3 * size) + u] + fromHidden[(3 * size) + u]);
            cell[u] = (f * cell[u]) + (i * g);
            hidden[u] = o * MathF.Tanh(cell[u]);
        }
    }
}
