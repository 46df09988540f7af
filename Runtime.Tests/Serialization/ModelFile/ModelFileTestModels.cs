using System.Runtime.InteropServices;
using RnnCodegen.Internals;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Serialization;

/// <summary>The descriptors the model file tests save and load, and helpers to fill and compare storages bit for bit.</summary>
internal static class ModelFileTestModels
{
    /// <summary>Input(2) Gru(3) Dense(1, Linear): GRU 9·2 + 9·3 + 9 + 9 = 63 parameters, Dense 3 + 1 = 4, so 67; a short file.</summary>
    public static readonly ModelDescriptor Small = new(2, new LayerSpec(LayerKind.Gru, 3), new LayerSpec(LayerKind.Dense, 1));

    public const int SmallParameterCount = 67;

    public static readonly ModelDescriptor PeepholeLstm = new(3, new LayerSpec(LayerKind.Lstm, 10, Peepholes: true), new LayerSpec(LayerKind.Dense, 2));

    public static readonly ModelDescriptor TokenGru = new(
        0,
        new LayerSpec(LayerKind.Embedding, 6, VocabularySize: 11),
        new LayerSpec(LayerKind.Gru, 9, ResetAfter: false),
        new LayerSpec(LayerKind.Dense, 11, Activation.Softmax));

    public static readonly ModelDescriptor Stacked = new(
        4,
        new LayerSpec(LayerKind.Gru, 16),
        new LayerSpec(LayerKind.SimpleRnn, 8, Activation.Relu),
        new LayerSpec(LayerKind.Dense, 2, Activation.Sigmoid));

    public static TheoryData<string> Names => ["Small", "PeepholeLstm", "TokenGru", "Stacked"];

    public static ModelDescriptor ByName(string name) => name switch
    {
        "Small" => Small,
        "PeepholeLstm" => PeepholeLstm,
        "TokenGru" => TokenGru,
        _ => Stacked,
    };

    public static float[] Initialized(ModelDescriptor model, int seed)
    {
        float[] storage = new float[model.StorageLength];
        ParameterInitializer.Initialize(model, storage, seed);
        return storage;
    }

    /// <summary>A storage whose every float (padding included) is a recognizable NaN, to prove a failed load left it alone.</summary>
    public static float[] Sentinel(ModelDescriptor model)
    {
        float[] storage = new float[model.StorageLength];
        MemoryMarshal.Cast<float, int>(storage.AsSpan()).Fill(0x7FC0DEAD);
        return storage;
    }

    public static float[] Canonical(ModelDescriptor model, float[] storage)
    {
        float[] canonical = new float[model.ParameterCount];
        model.GatherCanonical(storage, canonical);
        return canonical;
    }

    /// <summary>The floats' bit patterns: xunit compares floats by value, which would equate -0 with 0 and any NaN with any NaN.</summary>
    public static int[] Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, int>(values).ToArray();
}
