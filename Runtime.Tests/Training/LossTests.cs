using RnnCodegen.Training;

namespace RnnCodegen.Tests.Training;

public class LossTests
{
    [Fact]
    public void Mean_squared_error_sums_squares_and_writes_the_scaled_derivative()
    {
        float[] gradients = new float[3];

        double sum = MeanSquaredErrorLoss.Accumulate([1f, 2.5f, -1f], [0.5f, 3f, -1f], scale: 1f / 3, gradients);

        // (0.5)² + (−0.5)² + 0², and d/dy of the mean is 2 (y − t) / 3.
        Assert.Equal(0.5, sum, 1e-12);
        Assert.Equal(1f / 3, gradients[0], 1e-6);
        Assert.Equal(-1f / 3, gradients[1], 1e-6);
        Assert.Equal(0f, gradients[2]);
    }

    [Fact]
    public void Cross_entropy_is_the_negative_log_softmax_of_the_class()
    {
        float[] logits = [0.2f, -1.3f, 0.7f, 2f, 0.1f, -0.4f];
        int[] classes = [2, 0];
        float[] gradients = new float[6];

        double sum = CrossEntropyLoss.Accumulate(logits, classes, scale: 0.5f, gradients);

        Assert.Equal(NegativeLogSoftmax(logits.AsSpan(0, 3), 2) + NegativeLogSoftmax(logits.AsSpan(3, 3), 0), sum, 1e-6);
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences()
    {
        float[] logits = [0.2f, -1.3f, 0.7f, 2f, 0.1f, -0.4f];
        int[] classes = [1, 0];
        float[] gradients = new float[6];
        const float Scale = 0.5f;

        CrossEntropyLoss.Accumulate(logits, classes, Scale, gradients);

        const double H = 1e-5;
        for (int i = 0; i < logits.Length; i++)
        {
            int step = i / 3;
            double[] z = Array.ConvertAll(logits[(step * 3)..((step + 1) * 3)], value => (double)value);
            z[i % 3] += H;
            double plus = NegativeLogSoftmax(z, classes[step]);
            z[i % 3] -= 2 * H;
            double minus = NegativeLogSoftmax(z, classes[step]);
            Assert.Equal(Scale * (plus - minus) / (2 * H), gradients[i], 1e-5);
        }
    }

    [Fact]
    public void Cross_entropy_is_stable_for_large_logits()
    {
        float[] gradients = new float[3];

        double loss = CrossEntropyLoss.Accumulate([1000f, 1001f, 999f], [1], scale: 1f, gradients);

        // Shifted by 1001: −log(e^0 / (e^−1 + e^0 + e^−2)).
        Assert.Equal(Math.Log(1 + Math.Exp(-1) + Math.Exp(-2)), loss, 1e-9);
        double total = Math.Exp(-1) + 1 + Math.Exp(-2);
        Assert.Equal(Math.Exp(-1) / total, gradients[0], 1e-6);
        Assert.Equal((1 / total) - 1, gradients[1], 1e-6);
        Assert.Equal(Math.Exp(-2) / total, gradients[2], 1e-6);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    public void Class_indices_out_of_range_are_named_with_their_position(int badClass)
    {
        int[] classes = [0, 1, 2, 1, badClass, 0];

        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => CrossEntropyLoss.CheckClasses(classes, classCount: 3, stepsPerRow: 3, firstStep: 0, "classes"));

        Assert.Equal("classes", exception.ParamName);
        Assert.Contains($"Class {badClass} at batch row 1, step 1 is outside [0, 3)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Losses_describe_themselves()
    {
        Assert.Equal("MeanSquaredError", Loss.MeanSquaredError.ToString());
        Assert.Equal("CrossEntropy", Loss.CrossEntropy.ToString());
        Assert.False(Loss.MeanSquaredError.OnLogits);
        Assert.True(Loss.CrossEntropy.OnLogits);
    }

    /// <summary>−log(e^z_c / Σ e^z), straight from the definition (fine for the small logits used here).</summary>
    private static double NegativeLogSoftmax(ReadOnlySpan<float> z, int target) =>
        NegativeLogSoftmax(Array.ConvertAll(z.ToArray(), value => (double)value), target);

    private static double NegativeLogSoftmax(double[] z, int target)
    {
        double total = 0;
        foreach (double value in z)
        {
            total += Math.Exp(value);
        }

        return -Math.Log(Math.Exp(z[target]) / total);
    }
}
