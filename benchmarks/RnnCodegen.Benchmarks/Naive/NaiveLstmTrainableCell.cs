using System;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// LSTM, gates i, f, g, o: c = f ⊙ c₋₁ + i ⊙ g, h = o ⊙ tanh(c). Records i, f, g, o and tanh(c) per unit.
/// Both pre-activation sums feed the same gates, so the input and recurrent deltas are equal.
/// </summary>
public readonly struct NaiveLstmTrainableCell : INaiveTrainableCell
{
    /// <inheritdoc/>
    public static int Gates => 4;

    /// <inheritdoc/>
    public static int RecordedPerUnit => 5;

    /// <inheritdoc/>
    public static void Forward(
        ReadOnlySpan<float> fromInput, ReadOnlySpan<float> fromHidden, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> previousCell,
        Span<float> hidden, Span<float> cell, Span<float> record)
    {
        int size = hidden.Length;
        for (int u = 0; u < size; u++)
        {
            float i = NaiveMath.Sigmoid(fromInput[u] + fromHidden[u]);
            float f = NaiveMath.Sigmoid(fromInput[size + u] + fromHidden[size + u]);
            float g = MathF.Tanh(fromInput[(2 * size) + u] + fromHidden[(2 * size) + u]);
            float o = NaiveMath.Sigmoid(fromInput[(3 * size) + u] + fromHidden[(3 * size) + u]);
            cell[u] = (f * previousCell[u]) + (i * g);
            float tanhCell = MathF.Tanh(cell[u]);
            hidden[u] = o * tanhCell;
            record[u] = i;
            record[size + u] = f;
            record[(2 * size) + u] = g;
            record[(3 * size) + u] = o;
            record[(4 * size) + u] = tanhCell;
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
            float i = record[u];
            float f = record[size + u];
            float g = record[(2 * size) + u];
            float o = record[(3 * size) + u];
            float tanhCell = record[(4 * size) + u];
            float dh = hiddenGradient[u];
            float dc = cellGradient[u] + (dh * o * (1f - (tanhCell * tanhCell)));

            // σ' = σ(1 − σ), tanh' = 1 − tanh²
            float di = dc * g * i * (1f - i);
            float df = dc * previousCell[u] * f * (1f - f);
            float dg = dc * i * (1f - (g * g));
            float dOut = dh * tanhCell * o * (1f - o);
            inputDeltas[u] = hiddenDeltas[u] = di;
            inputDeltas[size + u] = hiddenDeltas[size + u] = df;
            inputDeltas[(2 * size) + u] = hiddenDeltas[(2 * size) + u] = dg;
            inputDeltas[(3 * size) + u] = hiddenDeltas[(3 * size) + u] = dOut;
            cellGradient[u] = dc * f;

            // h₋₁ reaches the loss only through W_hh
            hiddenGradient[u] = 0f;
        }
    }
}
