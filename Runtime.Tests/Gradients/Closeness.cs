using System.Globalization;

namespace RnnCodegen.Tests.Gradients;

/// <summary>Element-wise comparison that reports the largest difference, where it is, and both values.</summary>
internal static class Closeness
{
    public static void AssertClose(string what, ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance)
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

        if (worst > tolerance)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: max |difference| {worst:E3} > {tolerance:E1} at [{at}]: expected {expected[at]:R}, actual {actual[at]:R}."));
        }
    }
}
