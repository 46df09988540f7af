namespace RnnCodegen.Tests.Training;

public class GradientClippingTests
{
    [Fact]
    public void Gradients_above_the_maximum_norm_are_scaled_to_it()
    {
        float[] gradients = [3f, 0f, -4f];

        float norm = GradientClipping.ClipGradientNorm(gradients, maxNorm: 1f);

        // ‖g‖ = 5, so the coefficient is 1 / (5 + 1e-6).
        double coefficient = 1.0 / (5.0 + 1e-6);
        Assert.Equal(5f, norm);
        Assert.Equal((float)(3 * coefficient), gradients[0], 1e-6);
        Assert.Equal(0f, gradients[1]);
        Assert.Equal((float)(-4 * coefficient), gradients[2], 1e-6);
    }

    [Fact]
    public void Gradients_within_the_maximum_norm_are_left_alone()
    {
        float[] gradients = [0.3f, -0.4f];

        float norm = GradientClipping.ClipGradientNorm(gradients, maxNorm: 0.5f + 2e-6f);

        Assert.Equal(0.5f, norm, 1e-6);
        Assert.Equal([0.3f, -0.4f], gradients);
    }

    [Fact]
    public void The_norm_is_accumulated_in_double()
    {
        // 10^6 gradients of 1e-3: their squares (1e-6 each) would lose digits in a float running sum.
        float[] gradients = new float[1_000_000];
        Array.Fill(gradients, 1e-3f);

        float norm = GradientClipping.ClipGradientNorm(gradients, maxNorm: 100f);

        Assert.Equal(Math.Sqrt(1e6 * (double)1e-3f * 1e-3f), norm, 1e-6);
    }

    [Fact]
    public void Non_finite_gradients_are_reported_and_left_alone()
    {
        float[] gradients = [1f, float.NaN];

        float norm = GradientClipping.ClipGradientNorm(gradients, maxNorm: 0.1f);

        Assert.True(float.IsNaN(norm));
        Assert.Equal(1f, gradients[0]);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void The_maximum_norm_must_be_positive_and_finite(float maxNorm)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradientNorm(new float[2], maxNorm));
        Assert.Equal("maxNorm", exception.ParamName);
    }
}
