using System.Linq;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using RnnCodegen.Benchmarks.Models;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>What the custom columns read from a benchmark case: its model, its steps per call and its mean time.</summary>
internal static class MeasuredCase
{
    /// <summary>Name of the parameter that says how many time steps one call runs; a case without it runs one.</summary>
    public const string StepsParameter = "Steps";

    /// <summary>Name of the parameter that says how many sequences one call runs side by side; a case without it runs one.</summary>
    public const string BatchSizeParameter = "BatchSize";

    /// <summary>Name of the parameter that says how many streams one batched step advances; a case without it advances one.</summary>
    public const string StreamsParameter = "Streams";

    /// <summary>The case's <see cref="DeclaredModel"/> parameter, or null when it has none.</summary>
    public static DeclaredModel? Model(BenchmarkCase benchmarkCase)
    {
        foreach (ParameterInstance parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Value is DeclaredModel model)
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>Time steps one call runs: the <see cref="StepsParameter"/> parameter, or 1.</summary>
    public static int StepsPerCall(BenchmarkCase benchmarkCase) =>
        Find(benchmarkCase, StepsParameter)?.Value is int steps ? steps : 1;

    /// <summary>Streams one call advances: the <see cref="StreamsParameter"/> parameter, or 1.</summary>
    public static int StreamsPerCall(BenchmarkCase benchmarkCase) =>
        Find(benchmarkCase, StreamsParameter)?.Value is int streams ? streams : 1;

    /// <summary>Sequence steps one call runs: <see cref="StepsPerCall"/> times the <see cref="BatchSizeParameter"/> parameter (or 1).</summary>
    public static long SequenceStepsPerCall(BenchmarkCase benchmarkCase) =>
        (long)StepsPerCall(benchmarkCase) * (Find(benchmarkCase, BatchSizeParameter)?.Value is int batchSize ? batchSize : 1);

    /// <summary>True when one call runs a sequence of <see cref="StepsParameter"/> steps.</summary>
    public static bool HasSteps(BenchmarkCase benchmarkCase) => Find(benchmarkCase, StepsParameter) is not null;

    /// <summary>Mean time of one call in nanoseconds, or null when the case did not run.</summary>
    public static double? MeanNanoseconds(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Mean;

    private static ParameterInstance? Find(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(parameter => parameter.Name == name);
}
