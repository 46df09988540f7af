using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>
/// "steps/s": sequence steps per second, BatchSize × Steps over the mean time of a call. It is the throughput PyTorch
/// users quote for recurrent training (samples × time steps per second), so it lines up with tools/bench_pytorch_training.py.
/// </summary>
public sealed class SequenceStepsPerSecondColumn : IColumn
{
    private const double NanosecondsPerSecond = 1e9;

    /// <inheritdoc/>
    public string Id => nameof(SequenceStepsPerSecondColumn);

    /// <inheritdoc/>
    public string ColumnName => "steps/s";

    /// <inheritdoc/>
    public string Legend =>
        $"Sequence steps per second: {MeasuredCase.BatchSizeParameter} × {MeasuredCase.StepsParameter} over Mean";

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
        if (mean is not > 0)
        {
            return "NA";
        }

        double stepsPerSecond = MeasuredCase.SequenceStepsPerCall(benchmarkCase) * NanosecondsPerSecond / mean.Value;
        return stepsPerSecond.ToString("N0", style.CultureInfo);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
