using System;
using RnnCodegen.Benchmarks.Peers.Models;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>The three engines computing one model from the same weights, checked to agree before anything is timed.</summary>
public sealed class EngineSet : IDisposable
{
    private readonly TorchSharpEngine? _torchSharp;
    private readonly string _torchSharpProblem;

    private EngineSet(PeerModel model, TorchSharpEngine? torchSharp, string torchSharpProblem, OnnxRuntimeEngine onnxRuntime)
    {
        Model = model;
        Generated = new GeneratedEngine(model.Generated);
        _torchSharp = torchSharp;
        _torchSharpProblem = torchSharpProblem;
        OnnxRuntime = onnxRuntime;
    }

    /// <summary>The measured model.</summary>
    public PeerModel Model { get; }

    /// <summary>The generated model.</summary>
    public GeneratedEngine Generated { get; }

    /// <summary>TorchSharp with the generated model's weights.</summary>
    /// <exception cref="InvalidOperationException">TorchSharp's native library did not load on this machine.</exception>
    public TorchSharpEngine TorchSharp => _torchSharp ?? throw new InvalidOperationException(_torchSharpProblem);

    /// <summary>Whether TorchSharp loaded; the other engines are measured either way.</summary>
    public bool HasTorchSharp => _torchSharp is not null;

    /// <summary>ONNX Runtime on the model's ONNX graph.</summary>
    public OnnxRuntimeEngine OnnxRuntime { get; }

    /// <summary>Loads model <paramref name="name"/> into every engine, then runs <see cref="EquivalenceGuard"/>.</summary>
    public static EngineSet Create(string name)
    {
        PeerModel model = PeerModel.Load(name);
        (TorchSharpEngine? torchSharp, string problem) = TryCreateTorchSharp(model);
        var set = new EngineSet(model, torchSharp, problem, new OnnxRuntimeEngine(model.Descriptor, model.OnnxPath));
        try
        {
            EquivalenceGuard.Verify(set);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    // TorchSharp's native wrapper needs a newer C++ runtime than some Linux distributions have (0.107.0 needs
    // GLIBCXX_3.4.32, GCC 13's; Debian 12 has GCC 12's). Its rows then fail with the reason and the others still run.
    private static (TorchSharpEngine? Engine, string Problem) TryCreateTorchSharp(PeerModel model)
    {
        try
        {
            return (new TorchSharpEngine(model.Descriptor, model.Generated.Parameters), "");
        }
        catch (TypeInitializationException exception)
        {
            string problem = $"TorchSharp is unavailable on this machine: {exception.InnerException?.Message ?? exception.Message}";
            Console.WriteLine("// " + problem);
            return (null, problem);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _torchSharp?.Dispose();
        OnnxRuntime.Dispose();
    }
}
