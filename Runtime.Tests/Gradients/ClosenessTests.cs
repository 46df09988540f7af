using Xunit.Sdk;

namespace RnnCodegen.Tests.Gradients;

/// <summary>The comparison behind every parity test must fail on NaN wherever it sits, and pass only within the tolerance.</summary>
public sealed class ClosenessTests
{
    [Fact]
    public void A_NaN_followed_by_finite_errors_fails() =>
        Assert.Throws<FailException>(() => Closeness.AssertClose("NaN first", [1f, 2f, 3f], [float.NaN, 2.5f, 3f], 1));

    [Fact]
    public void A_NaN_after_finite_errors_fails() =>
        Assert.Throws<FailException>(() => Closeness.AssertClose("NaN last", [1f, 2f, 3f], [1.5f, 2f, float.NaN], 1));

    [Fact]
    public void A_NaN_in_the_reference_fails() =>
        Assert.Throws<FailException>(() => Closeness.AssertClose("NaN expected", [double.NaN, 2.0], [1f, 2f], 1));

    [Fact]
    public void An_infinite_value_fails() =>
        Assert.Throws<FailException>(() => Closeness.AssertClose("infinity", [1f, 2f], [1f, float.PositiveInfinity], 1e30));

    [Fact]
    public void An_error_just_over_the_tolerance_fails() =>
        Assert.Throws<FailException>(() => Closeness.AssertClose("over", [1.0, 2.0], [1f, 2.25f], 0.125));

    [Fact]
    public void Errors_within_the_tolerance_pass_and_the_largest_is_returned() =>
        Assert.Equal(0.25, Closeness.AssertClose("within", [1.0, 2.0, -3.0], [1.125f, 2.25f, -3f], 0.25));
}
