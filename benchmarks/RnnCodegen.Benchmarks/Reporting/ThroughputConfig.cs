using BenchmarkDotNet.Configs;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>Adds the throughput columns to a suite: MAC/ns, and ns/step for suites that run whole sequences.</summary>
public class ThroughputConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public ThroughputConfig()
    {
        AddColumn(new NanosecondsPerStepColumn(), new MultiplyAddsPerNanosecondColumn());
    }
}
