using System;

namespace SequenceClassifier;

/// <summary>The classes: four periodic shapes a signal can have.</summary>
internal enum Shape
{
    Sine,
    Square,
    Triangle,
    Sawtooth,
}

/// <summary>
/// The generated task: windows of a periodic signal with random frequency, phase, amplitude, offset and noise, labelled
/// with their shape. Frequency and noise are wide enough that one value never tells the shape; the sequence does.
/// </summary>
internal sealed class Shapes(int seed)
{
    /// <summary>How many shapes there are: the classifier's output size.</summary>
    public const int Count = 4;

    private readonly Random _random = new(seed);

    /// <summary>
    /// Fills <paramref name="inputs"/> with <paramref name="batch"/> windows of <paramref name="steps"/> values, shapes
    /// drawn uniformly, and <paramref name="labels"/> with each window's shape.
    /// </summary>
    public void Fill(Span<float> inputs, Span<int> labels, int batch, int steps)
    {
        for (int row = 0; row < batch; row++)
        {
            var shape = (Shape)_random.Next(Count);
            double frequency = 0.04 + (0.12 * _random.NextDouble());
            double phase = _random.NextDouble();
            double amplitude = 0.5 + (0.5 * _random.NextDouble());
            double offset = 0.3 * (_random.NextDouble() - 0.5);
            labels[row] = (int)shape;
            for (int t = 0; t < steps; t++)
            {
                double cycle = (frequency * t) + phase;
                double noise = 0.15 * ((2 * _random.NextDouble()) - 1);
                inputs[(row * steps) + t] = (float)((amplitude * Wave(shape, cycle - Math.Floor(cycle))) + offset + noise);
            }
        }
    }

    /// <summary>One period of each shape, for <paramref name="x"/> in [0, 1), ranging over [-1, 1].</summary>
    private static double Wave(Shape shape, double x) => shape switch
    {
        Shape.Sine => Math.Sin(2 * Math.PI * x),
        Shape.Square => x < 0.5 ? 1 : -1,
        Shape.Triangle => x < 0.5 ? (4 * x) - 1 : 3 - (4 * x),
        Shape.Sawtooth => (2 * x) - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "not a shape"),
    };
}
