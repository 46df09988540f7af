using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// GRU in PyTorch's reset-after form, gates r, z, n: n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn)),
/// h = (1 − z) ⊙ n + z ⊙ h₋₁.
/// </summary>
public readonly struct NaiveGruCell : INaiveCell
{
    /// <inheritdoc/>
    public static LayerKind Kind => LayerKind.Gru;

    /// <inheritdoc/>
    public static int Gates => 3;

    /// <inheritdoc/>
    public static void Update(float[] fromInput, float[] fromHidden, float[] hidden, float[] cell)
    {
        int size = hidden.Length;
        for (int u = 0; u < size; u++)
        {
            float r = NaiveMath.Sigmoid(fromInput[u] + fromHidden[u]);
            float z = NaiveMath.Sigmoid(fromInput[size + u] + fromHidden[size + u]);
            float n = MathF.Tanh(fromInput[(2 * size) + u] + (r * fromHidden[(2 * size) + u]));
            hidden[u] = ((1f - z) * n) + (z * hidden[u]);
        }
    }
}
