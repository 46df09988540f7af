namespace RnnCodegen.Tests.Parity;

/// <summary>Compares float sequences against references with an absolute tolerance and a message that locates the worst element.</summary>
internal static class Tolerance
{
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)expected[i] - actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: largest error {worst:E2} at index {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}), tolerance {tolerance:E0}.");
    }
}
