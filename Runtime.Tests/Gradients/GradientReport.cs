using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Gradients;

/// <summary>The outcome of one <see cref="GradientCheck"/>: the largest errors and every gradient outside the tolerance.</summary>
internal sealed class GradientReport(string modelName, ModelDescriptor descriptor)
{
    private const int ListedMismatches = 12;

    private readonly List<(int Index, double Expected, float Actual)> _mismatches = [];

    public int Checked { get; private set; }

    public double MaxAbsoluteError { get; private set; }

    /// <summary>
    /// Largest |actual − expected| / |expected| over gradients where the relative tolerance is the looser one,
    /// |expected| ≥ <see cref="GradientCheck.AbsoluteTolerance"/> / <see cref="GradientCheck.RelativeTolerance"/>.
    /// </summary>
    public double MaxRelativeError { get; private set; }

    public void Add(int index, double expected, float actual)
    {
        Checked++;
        double error = Math.Abs(actual - expected);
        MaxAbsoluteError = Math.Max(MaxAbsoluteError, double.IsNaN(error) ? double.PositiveInfinity : error);
        if (Math.Abs(expected) >= GradientCheck.AbsoluteTolerance / GradientCheck.RelativeTolerance)
        {
            MaxRelativeError = Math.Max(MaxRelativeError, error / Math.Abs(expected));
        }

        if (!(error <= GradientCheck.AbsoluteTolerance || error <= GradientCheck.RelativeTolerance * Math.Abs(expected)))
        {
            _mismatches.Add((index, expected, actual));
        }
    }

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{modelName}: {Checked} of {descriptor.ParameterCount} gradients checked, max abs error {MaxAbsoluteError:E2}, max rel error {MaxRelativeError:E2}");

    public void AssertNoMismatch()
    {
        if (_mismatches.Count == 0)
        {
            return;
        }

        IEnumerable<string> perTensor = _mismatches
            .GroupBy(mismatch => Canonical.Locate(descriptor, mismatch.Index).Tensor.Name)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Key} ×{group.Count()}"));
        IEnumerable<string> worst = _mismatches
            .OrderByDescending(mismatch => double.IsNaN(mismatch.Actual) ? double.PositiveInfinity : Math.Abs(mismatch.Actual - mismatch.Expected))
            .Take(ListedMismatches)
            .Select(mismatch => string.Create(
                CultureInfo.InvariantCulture,
                $"  {Canonical.Describe(descriptor, mismatch.Index)}: expected {mismatch.Expected:E6}, actual {mismatch.Actual:E6}"));
        Assert.Fail(string.Create(
            CultureInfo.InvariantCulture,
            $"{modelName}: {_mismatches.Count} of {Checked} gradients differ from central finite differences of the double reference (rel {GradientCheck.RelativeTolerance:E0} / abs {GradientCheck.AbsoluteTolerance:E0}), in {string.Join(", ", perTensor)}; the worst:{Environment.NewLine}{string.Join(Environment.NewLine, worst)}"));
    }
}
