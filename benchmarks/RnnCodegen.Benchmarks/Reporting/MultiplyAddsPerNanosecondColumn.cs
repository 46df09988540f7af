using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using RnnCodegen.Benchmarks.Models;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>"MAC/ns": the model's multiply-adds per step (<see cref="MultiplyAdds"/>) times the steps and streams per call, over the mean time.</summary>
public sealed class MultiplyAddsPerNanosecondColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(MultiplyAddsPerNanosecondColumn);

    /// <inheritdoc/>
    public string ColumnName => "MAC/ns";

    /// <inheritdoc/>
    public string Legend => "Multiply-adds per nanosecond: LSTM 4H(I+H)+HO, GRU 3H(I+H)+HO, SimpleRnn H(I+H)+HO per step, times the steps and streams per call, over Mean";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 1;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        DeclaredModel? model = MeasuredCase.Model(benchmarkCase);
        double? mean = MeasuredCase.MeanNanoseconds(summary, benchmarkCase);
        if (model is null || mean is not > 0)
        {
            return "NA";
        }

        long multiplyAdds = MultiplyAdds.PerStep(ModelCatalog.Describe(model.Value)) * MeasuredCase.StepsPerCall(benchmarkCase) * MeasuredCase.StreamsPerCall(benchmarkCase);
        return (multiplyAdds / mean.Value).ToString("F2", style.CultureInfo);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
