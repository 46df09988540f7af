using BenchmarkDotNet.Jobs;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>
/// One job per SIMD path of the generated kernels. Vector256.IsHardwareAccelerated and Vector128.IsHardwareAccelerated
/// are JIT-time constants, so the only way to reach the narrower paths on an AVX2 machine is to switch the instruction
/// sets off for the whole process, which the runtime's environment variables do.
/// </summary>
public sealed class SimdPathsConfig : ThroughputConfig
{
    /// <summary>Creates the three jobs.</summary>
    public SimdPathsConfig()
    {
        AddJob(Job.Default.WithId("Vector256"));
        AddJob(Job.Default.WithEnvironmentVariable("DOTNET_EnableAVX2", "0").WithId("Vector128"));
        AddJob(Job.Default.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("Scalar"));
    }
}
