using System.Collections.Generic;
using System.Linq;

namespace RnnCodegen.Tests.Initialization;

/// <summary>The count, extremes and central moments of a sample of floats, accumulated in double.</summary>
internal sealed class SampleMoments
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>The largest |value|; NaN wins, so it cannot pass a bound check.</summary>
    public double LargestMagnitude { get; private set; }

    public double Mean => _values.Average();

    /// <summary>The population variance, E[(x − mean)²].</summary>
    public double Variance => CentralMoment(2);

    /// <summary>E[(x − mean)⁴]: 3σ⁴ for a normal distribution, 1.8σ⁴ for a uniform one.</summary>
    public double FourthMoment => CentralMoment(4);

    public void Add(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            _values.Add(value);
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
            double magnitude = Math.Abs((double)value);
            LargestMagnitude = double.IsNaN(magnitude) || magnitude > LargestMagnitude ? magnitude : LargestMagnitude;
        }
    }

    private double CentralMoment(int power)
    {
        double mean = Mean;
        double sum = 0;
        foreach (double value in _values)
        {
            sum += Math.Pow(value - mean, power);
        }

        return sum / Count;
    }
}
