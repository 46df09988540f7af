using System;
using System.IO;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Peers.Models;

/// <summary>A measured model: its generated class with the committed weights loaded, and where its ONNX graph is.</summary>
public sealed record PeerModel(string Name, ModelDescriptor Descriptor, IGeneratedModel Generated)
{
    /// <summary>The names the suites take as a parameter.</summary>
    public static readonly string[] Names = [nameof(Lstm_1_32_1), nameof(Lstm_64_128_64)];

    /// <summary>Weights/{name}.onnx next to the executable.</summary>
    public string OnnxPath => WeightsFile(Name, ".onnx");

    /// <summary>Builds model <paramref name="name"/> and imports Weights/{name}.safetensors into it.</summary>
    public static PeerModel Load(string name)
    {
        (ModelDescriptor descriptor, IGeneratedModel generated) = name switch
        {
            nameof(Lstm_1_32_1) => (Lstm_1_32_1.Descriptor, (IGeneratedModel)new Lstm_1_32_1()),
            nameof(Lstm_64_128_64) => (Lstm_64_128_64.Descriptor, new Lstm_64_128_64()),
            _ => throw new ArgumentException($"Unknown model '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
        };
        generated.ImportSafetensors(WeightsFile(name, ".safetensors"));
        return new PeerModel(name, descriptor, generated);
    }

    private static string WeightsFile(string name, string extension)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Weights", name + extension);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing; tools/make_peer_models.py makes it.", path);
    }
}
