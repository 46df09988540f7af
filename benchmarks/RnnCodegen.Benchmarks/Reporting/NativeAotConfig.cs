using System;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>
/// Two NativeAOT jobs on x64: IlcInstructionSet x86-64-v2, what .NET compiles for when an app sets nothing (AVX2 is
/// then never used and the kernels take their Vector128 path), and x86-64-v3, what the RnnCodegen package's
/// buildTransitive targets select (Runtime/buildTransitive/RnnCodegen.targets). Both are spelled out because
/// BenchmarkDotNet would otherwise compile for "native" and because its generated project does not import this
/// repository's Directory.Build.targets.
/// </summary>
public sealed class NativeAotConfig : ThroughputConfig
{
    /// <summary>Creates the two jobs.</summary>
    public NativeAotConfig()
    {
        AddJob(Job("x86-64-v2", "AOT v2 (.NET default)"));
        AddJob(Job("x86-64-v3", "AOT v3 (RnnCodegen)"));
        // A native build of this project takes minutes on 2 busy cores; BenchmarkDotNet gives up after 2 by default.
        WithBuildTimeout(TimeSpan.FromMinutes(20));
    }

    private static Job Job(string instructionSet, string id)
        => BenchmarkDotNet.Jobs.Job.Default
            .WithRuntime(NativeAotRuntime.Net10_0)
            // An empty ILCompiler version: the SDK's own NativeAOT compiler, as `dotnet publish -p:PublishAot=true` uses.
            .WithToolchain(NativeAotToolchain.CreateBuilder()
                .UseNuGet("", "https://api.nuget.org/v3/index.json")
                .IlcInstructionSet(instructionSet)
                .TargetFrameworkMoniker("net10.0")
                .ToToolchain())
            .WithId(id);
}
