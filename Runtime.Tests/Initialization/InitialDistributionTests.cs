using System.Globalization;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Gradients;

namespace RnnCodegen.Tests.Initialization;

/// <summary>
/// <c>M.Create(seed)</c> draws every tensor from PyTorch's default distribution for its layer kind: recurrent layers
/// uniform in ±1/√hidden, Dense weight and bias uniform in ±1/√inputs, Embedding standard normal. Each tensor is pooled
/// over consecutive seeds to at least <see cref="MinSamples"/> values, then: every value within the bound (exact), both
/// ends of the range reached, mean and variance (and for the normal the fourth moment) within
/// <see cref="StandardErrors"/> standard errors of the distribution's. The seeds are fixed, so the outcome is too.
/// </summary>
public sealed class InitialDistributionTests
{
    private const int MinSamples = 4000;

    /// <summary>A correct initialiser leaves a statistic this many standard errors out with odds of about 6e-5.</summary>
    private const double StandardErrors = 4;

    /// <summary>
    /// Each end of a uniform ±b sample of n values comes within b·<see cref="ReachedEnd"/>/n of ±b but with odds of
    /// (1 − 10/n)^n ≈ e^-10; a bound set too wide leaves a gap far larger than that.
    /// </summary>
    private const double ReachedEnd = 20;

    /// <summary>P(x > 2.8) = 2.6e-3 for a standard normal: of n ≥ 4000 values none beyond ±2.8 at one end has odds of e^-10.</summary>
    private const double NormalTail = 2.8;

    /// <summary>Model, layer index, and the n of the layer's bound 1/√n (hidden size for a recurrent layer, inputs for Dense); 0 for an Embedding (normal).</summary>
    public static TheoryData<string, int, int> Layers => new()
    {
        { "SimpleTanhModel", 0, 5 },            // SimpleRnn(5) on 3 inputs
        { "SimpleReluModel", 0, 12 },           // SimpleRnn(12, Relu)
        { "SimpleReluModel", 1, 12 },           // Dense(4) on 12
        { "LstmModel", 0, 32 },                 // Lstm(32) on 1 input
        { "LstmPeepholeModel", 0, 10 },         // Lstm(10, Peepholes) on 4: the peepholes share the bound
        { "LstmPeepholeModel", 1, 10 },         // Dense(3) on 10
        { "GruModel", 0, 16 },                  // Gru(16) on 4
        { "GruResetBeforeModel", 0, 9 },        // Gru(9, ResetBefore) on 4
        { "StackedModel", 1, 8 },               // SimpleRnn(8) on 16: the bound is the hidden size, not the input's
        { "DenseFirstModel", 0, 3 },            // Dense(6) on the model's 3 inputs
        { "DenseFirstModel", 2, 8 },            // Dense(5) on Gru(8)
        { "DenseFirstModel", 3, 5 },            // Dense(1) on Dense(5)
        { "EmbeddingLmModel", 0, 0 },           // Embedding(11, 6): N(0, 1)
        { "EmbeddingLmModel", 1, 20 },          // Lstm(20) on 6
        { "EmbeddingLmModel", 3, 20 },          // Dense(11) on 20
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_tensor_follows_its_layers_distribution(string model, int layer, int boundDivisor)
    {
        IModelUnderTest underTest = ModelCatalog.Get(model);
        foreach (TensorDescriptor tensor in underTest.Descriptor.Layers[layer].Tensors)
        {
            SampleMoments sample = Sample(underTest, tensor);
            string what = $"{model} {tensor.Name} over {sample.Count} values";
            if (boundDivisor == 0)
            {
                AssertStandardNormal(what, sample);
            }
            else
            {
                AssertUniform(what, sample, 1 / Math.Sqrt(boundDivisor));
            }
        }
    }

    /// <summary>The tensor's values under seeds 1, 2, … until there are at least <see cref="MinSamples"/>.</summary>
    private static SampleMoments Sample(IModelUnderTest model, TensorDescriptor tensor)
    {
        var sample = new SampleMoments();
        float[] values = new float[tensor.ElementCount];
        for (int seed = 1; sample.Count < MinSamples; seed++)
        {
            tensor.Gather(model.SeededParameters(seed), values);
            sample.Add(values);
        }

        return sample;
    }

    private static void AssertUniform(string what, SampleMoments sample, double bound)
    {
        int n = sample.Count;

        // (2u − 1)·b in float32 with the bound rounded to float32: exact but for that rounding.
        double limit = (double)(float)bound * (1 + 1e-7);
        Assert.True(sample.LargestMagnitude <= limit, Describe($"{what}: |value| up to {sample.LargestMagnitude:R}, outside ±{bound:R}"));
        double reach = bound * (1 - ReachedEnd / n);
        Assert.True(sample.Max >= reach && sample.Min <= -reach, Describe($"{what}: values in [{sample.Min:R}, {sample.Max:R}] fall short of ±{bound:R}"));

        // U(−b, b): mean 0 and variance b²/3, with standard errors b/√(3n) and b²·√(4/45)/√n (Var(x²) = b⁴/5 − b⁴/9).
        AssertWithin(what, "mean", sample.Mean, 0, bound / Math.Sqrt(3.0 * n));
        AssertWithin(what, "variance", sample.Variance, bound * bound / 3, bound * bound * Math.Sqrt(4.0 / 45 / n));
    }

    private static void AssertStandardNormal(string what, SampleMoments sample)
    {
        int n = sample.Count;

        // N(0, 1): mean 0, variance 1 and fourth moment 3, with standard errors 1/√n, √(2/n) and √(96/n) (E x⁸ = 105).
        AssertWithin(what, "mean", sample.Mean, 0, 1 / Math.Sqrt(n));
        AssertWithin(what, "variance", sample.Variance, 1, Math.Sqrt(2.0 / n));
        AssertWithin(what, "fourth moment", sample.FourthMoment, 3, Math.Sqrt(96.0 / n));
        Assert.True(sample.Max >= NormalTail && sample.Min <= -NormalTail, Describe($"{what}: values in [{sample.Min:R}, {sample.Max:R}] never reach ±{NormalTail}"));
    }

    private static void AssertWithin(string what, string statistic, double actual, double expected, double standardError) =>
        Assert.True(
            Math.Abs(actual - expected) <= StandardErrors * standardError,
            Describe($"{what}: {statistic} {actual:R}, expected {expected:R} ± {StandardErrors} × {standardError:E2}"));

    private static string Describe(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
