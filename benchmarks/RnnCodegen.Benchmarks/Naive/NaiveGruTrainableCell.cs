using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// GRU in PyTorch's reset-after form, gates r, z, n: n = tanh(W_in x + b_in + r ⊙ s) with s = W_hn h₋₁ + b_hn,
/// h = (1 − z) ⊙ n + z ⊙ h₋₁. Records r, z, n and s per unit; no cell.
/// </summary>
public readonly struct NaiveGruTrainableCell : INaiveTrainableCell
{
    /// <inheritdoc/>
    public static int Gates => 3;

    /// <inheritdoc/>
    public static int RecordedPerUnit => 4;

    /// <inheritdoc/>
    public static void Forward(
        ReadOnlySpan<float> fromInput, ReadOnlySpan<float> fromHidden, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> previousCell,
        Span<float> hidden, Span<float> cell, Span<float> record)
    {
        int size = hidden.Length;
        for (int u = 0; u < size; u++)
        {
            float r = NaiveMath.Sigmoid(fromInput[u] + fromHidden[u]);
            float z = NaiveMath.Sigmoid(fromInput[size + u] + fromHidden[size + u]);
            float s = fromHidden[(2 * size) + u];
            float n = MathF.Tanh(fromInput[(2 * size) + u] + (r * s));
            hidden[u] = ((1f - z) * n) + (z * previousHidden[u]);
            record[u] = r;
            record[size + u] = z;
            record[(2 * size) + u] = n;
            record[(3 * size) + u] = s;
        }
    }

    /// <inheritdoc/>
    public static void Backward(
        ReadOnlySpan<float> record, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> previousCell,
        Span<float> hiddenGradient, Span<float> cellGradient, Span<float> inputDeltas, Span<float> hiddenDeltas)
    {
        int size = hiddenGradient.Length;
        for (int u = 0; u < size; u++)
        {
            float r = record[u];
            float z = record[size + u];
            float n = record[(2 * size) + u];
            float s = record[(3 * size) + u];
            float dh = hiddenGradient[u];
            float dn = dh * (1f - z) * (1f - (n * n));
            float dz = dh * (previousHidden[u] - n) * z * (1f - z);
            float dr = dn * s * r * (1f - r);
            inputDeltas[u] = hiddenDeltas[u] = dr;
            inputDeltas[size + u] = hiddenDeltas[size + u] = dz;
            inputDeltas[(2 * size) + u] = dn;

            // the recurrent n rows were scaled by r on the way in
            hiddenDeltas[(2 * size) + u] = dn * r;
            hiddenGradient[u] = dh * z;
        }
    }
}
