using System.Globalization;

namespace RnnCodegen.Tests.Gradients;

/// <summary>Element-wise comparison that reports the largest difference, where it is, and both values.</summary>
internal static class Closeness
{
    /// <summary>Fails unless every |expected − actual| ≤ <paramref name="tolerance"/>; a NaN on either side fails.</summary>
    /// <returns>The largest difference, for tests that report what they achieve.</returns>
    public static double AssertClose(string what, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        (double worst, int at) = LargestDifference(expected, actual);
        if (!(worst <= tolerance))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: max |difference| {worst:E3} > {tolerance:E1} at [{at}]: expected {expected[at]:R}, actual {actual[at]:R}."));
        }

        return worst;
    }

    /// <inheritdoc cref="AssertClose(string, ReadOnlySpan{double}, ReadOnlySpan{float}, double)"/>
    public static double AssertClose(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        double[] widened = new double[expected.Length];
        for (int i = 0; i < widened.Length; i++)
        {
            widened[i] = expected[i];
        }

        return AssertClose(what, widened, actual, tolerance);
    }

    /// <summary>
    /// The largest |expected − actual| and its index. A NaN counts as an infinite difference: compared as it is, it
    /// would lose every "greater than" and hide behind the next finite difference.
    /// </summary>
    private static (double Worst, int At) LargestDifference(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(expected[i] - actual[i]);
            if (double.IsNaN(difference))
            {
                difference = double.PositiveInfinity;
            }

            if (difference > worst)
            {
                worst = difference;
                at = i;
            }
        }

        return (worst, at);
    }
}
