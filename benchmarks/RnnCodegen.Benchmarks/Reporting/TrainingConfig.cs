using BenchmarkDotNet.Configs;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>
/// Adds the steps/s column to a training suite. The inference columns (MAC/ns, ns/step) are left out: a training
/// call runs forward, backward and the optimizer, so forward multiply-adds per nanosecond would mislead.
/// </summary>
public sealed class TrainingConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public TrainingConfig()
    {
        AddColumn(new SequenceStepsPerSecondColumn());
    }
}
