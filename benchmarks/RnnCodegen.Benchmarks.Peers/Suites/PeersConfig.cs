using System;
using BenchmarkDotNet.Configs;

namespace RnnCodegen.Benchmarks.Peers.Suites;

/// <summary>
/// BenchmarkDotNet's defaults, with room for the build: each benchmark process gets its own copy of TorchSharp's
/// LibTorch (about 600 MB), which takes longer than the default two minutes on a busy machine.
/// </summary>
public sealed class PeersConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public PeersConfig() => WithBuildTimeout(TimeSpan.FromMinutes(20));
}
