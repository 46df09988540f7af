using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>"ns/step": the mean time of a call that runs a whole sequence, divided by its steps; shown only for such suites.</summary>
public sealed class NanosecondsPerStepColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(NanosecondsPerStepColumn);

    /// <inheritdoc/>
    public string ColumnName => "ns/step";

    /// <inheritdoc/>
    public string Legend => $"Mean divided by the {MeasuredCase.StepsParameter} of the sequence: nanoseconds per time step";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mean = MeasuredCase.MeanNanoseconds(summary, benchmarkCase);
        return mean is null ? "NA" : (mean.Value / MeasuredCase.StepsPerCall(benchmarkCase)).ToString("N1", style.CultureInfo);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(MeasuredCase.HasSteps);

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
