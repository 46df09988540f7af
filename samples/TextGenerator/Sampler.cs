using System;

namespace TextGenerator;

/// <summary>
/// Draws the next token from the model's probabilities, reshaped the two usual ways: a temperature below 1 sharpens
/// them (safer, more repetitive text), above 1 flattens them (more surprising, more mistakes); top-k keeps only the
/// k likeliest tokens. Seeded, so the same seed writes the same text.
/// </summary>
internal sealed class Sampler
{
    private readonly Random _random;
    private readonly float _temperature;
    private readonly int _topK;
    private readonly float[] _weights = new float[Vocabulary.Size];
    private readonly float[] _sorted = new float[Vocabulary.Size];

    public Sampler(int seed, float temperature, int topK)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topK, Vocabulary.Size);
        _random = new Random(seed);
        _temperature = temperature;
        _topK = topK;
    }

    public int Next(ReadOnlySpan<float> probabilities)
    {
        probabilities.CopyTo(_sorted);
        Array.Sort(_sorted);
        float kthLargest = _sorted[^_topK];
        float largest = _sorted[^1];

        // softmax(logits / T) is proportional to p^(1/T); dividing by the largest p first keeps the weights in (0, 1]
        // however small T is, so they never all underflow to zero.
        float total = 0;
        for (int token = 0; token < _weights.Length; token++)
        {
            float p = probabilities[token];
            _weights[token] = p >= kthLargest ? MathF.Pow(p / largest, 1 / _temperature) : 0;
            total += _weights[token];
        }

        // Walk the cumulative weights to the draw; rounding can leave a sliver past the end, which the last kept token takes.
        float draw = _random.NextSingle() * total;
        int chosen = 0;
        for (int token = 0; token < _weights.Length && draw >= 0; token++)
        {
            if (_weights[token] > 0)
            {
                chosen = token;
                draw -= _weights[token];
            }
        }

        return chosen;
    }
}
