using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Peers.Engines;
using RnnCodegen.Benchmarks.Peers.Models;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Peers.Suites;

/// <summary>What every peers suite shares: one row per engine and model, the engines loaded and checked before timing.</summary>
[MemoryDiagnoser]
[Config(typeof(PeersConfig))]
public abstract class PeerBenchmarks
{
    /// <summary>The measured model.</summary>
    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    /// <summary>Every measured model.</summary>
    public static IEnumerable<string> Models => PeerModel.Names;

    /// <summary>The engines, loaded and checked by <see cref="Setup"/>.</summary>
    protected EngineSet Engines { get; private set; } = null!;

    /// <summary>Loads the weights into every engine, checks that they agree, then makes the suite's buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Engines = EngineSet.Create(Model);
        CreateBuffers(Engines.Model.Descriptor);
    }

    /// <summary>Releases the native engines.</summary>
    [GlobalCleanup]
    public void Cleanup() => Engines.Dispose();

    /// <summary>Makes the inputs and outputs the measured calls use.</summary>
    protected abstract void CreateBuffers(ModelDescriptor descriptor);
}
