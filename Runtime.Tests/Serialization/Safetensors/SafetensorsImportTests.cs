using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;
using static RnnCodegen.Tests.Serialization.SafetensorsFileBuilder;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Files written by hand and by PyTorch land in the right tensors, converted from every float dtype.</summary>
public class SafetensorsImportTests
{
    /// <summary>Input(2) SimpleRnn(3) Dense(1): weight_ih [3, 2], weight_hh [3, 3], bias_ih [3], bias_hh [3], then weight [1, 3], bias [1].</summary>
    private static readonly ModelDescriptor Tiny = new(2, new LayerSpec(LayerKind.SimpleRnn, 3), new LayerSpec(LayerKind.Dense, 1));

    /// <summary>Input(2) Dense(2): weight [2, 2], bias [2].</summary>
    private static readonly ModelDescriptor Linear = new(2, new LayerSpec(LayerKind.Dense, 2));

    [Fact]
    public void A_hand_written_file_lands_in_the_right_tensors_whatever_the_header_and_data_order()
    {
        // Header keys in neither state-dict nor data order; data in reverse state-dict order:
        // bias (4) at 0, weight (12) at 4, bias_hh (12) at 16, bias_ih (12) at 28, weight_hh (36) at 40, weight_ih (24) at 76.
        string header = """
            {"layers.0.bias_hh_l0":{"dtype":"F32","shape":[3],"data_offsets":[16,28]},
             "layers.1.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[4,16]},
             "layers.0.weight_ih_l0":{"dtype":"F32","shape":[3,2],"data_offsets":[76,100]},
             "__metadata__":{"format":"pt"},
             "layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
             "layers.0.weight_hh_l0":{"dtype":"F32","shape":[3,3],"data_offsets":[40,76]},
             "layers.0.bias_ih_l0":{"dtype":"F32","shape":[3],"data_offsets":[28,40]}}
            """;
        byte[] data =
        [
            .. F32(-9f),
            .. F32(7f, 8f, 9f),
            .. F32(-4f, -5f, -6f),
            .. F32(-1f, -2f, -3f),
            .. F32(11f, 12f, 13f, 21f, 22f, 23f, 31f, 32f, 33f),
            .. F32(1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f),
        ];
        float[] storage = new float[Tiny.StorageLength];

        Safetensors.Import(Tiny, storage, new MemoryStream(File(header, data)));

        Assert.Equal([1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f], Gathered(Tiny, "layers.0.weight_ih_l0", storage));
        Assert.Equal([11f, 12f, 13f, 21f, 22f, 23f, 31f, 32f, 33f], Gathered(Tiny, "layers.0.weight_hh_l0", storage));
        Assert.Equal([-1f, -2f, -3f], Gathered(Tiny, "layers.0.bias_ih_l0", storage));
        Assert.Equal([-4f, -5f, -6f], Gathered(Tiny, "layers.0.bias_hh_l0", storage));
        Assert.Equal([7f, 8f, 9f], Gathered(Tiny, "layers.1.weight", storage));
        Assert.Equal([-9f], Gathered(Tiny, "layers.1.bias", storage));
    }

    [Fact]
    public void F64_rounds_to_the_nearest_float_ties_to_even()
    {
        double halfway = 1 + Math.Pow(2, -24);          // exactly between 1 and the next float 1 + 2^-23: ties to even, 1
        double aboveHalfway = 1 + (3 * Math.Pow(2, -25)); // nearer 1 + 2^-23
        byte[] file = File(
        [
            new SafetensorsEntry("layers.0.weight", "F64", "[2,2]", F64(0.1, halfway, aboveHalfway, -1e-50)),
            new SafetensorsEntry("layers.0.bias", "F64", "[2]", F64(1e300, -3.25)),
        ]);
        float[] storage = new float[Linear.StorageLength];

        Safetensors.Import(Linear, storage, new MemoryStream(file));

        float[] expectedWeight = [0.1f, 1f, BitConverter.Int32BitsToSingle(0x3F800001), -0f];
        Assert.Equal(Bits(expectedWeight), Bits(Gathered(Linear, "layers.0.weight", storage)));
        Assert.Equal([float.PositiveInfinity, -3.25f], Gathered(Linear, "layers.0.bias", storage));
    }

    [Fact]
    public void F16_and_BF16_convert_exactly()
    {
        // F16: 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0x155 · 2^-10 · 2^-2 + 2^-2 = 0.333251953125, 0x0001 = 2^-24 (subnormal).
        // BF16 is the top half of a float32: 0x4049 -> 0x40490000 = 3.140625, 0xC020 -> -2.5.
        byte[] file = File(
        [
            new SafetensorsEntry("layers.0.weight", "F16", "[2,2]", Bits16(0x3C00, 0xC000, 0x3555, 0x0001)),
            new SafetensorsEntry("layers.0.bias", "BF16", "[2]", Bits16(0x4049, 0xC020)),
        ]);
        float[] storage = new float[Linear.StorageLength];

        Safetensors.Import(Linear, storage, new MemoryStream(file));

        Assert.Equal([1f, -2f, 0.333251953125f, MathF.Pow(2, -24)], Gathered(Linear, "layers.0.weight", storage));
        Assert.Equal([3.140625f, -2.5f], Gathered(Linear, "layers.0.bias", storage));
    }

    [Fact]
    public void Metadata_and_unknown_entry_fields_are_ignored()
    {
        string header = """
            {"__metadata__":{"format":"pt","notes":"trained \u00e9t\u00e9 2024"},
             "layers.0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16],"quantization":{"bits":[8]}},
             "layers.0.bias":{"shape":[2],"data_offsets":[16,24],"dtype":"F32"}}
            """;
        float[] storage = new float[Linear.StorageLength];

        Safetensors.Import(Linear, storage, new MemoryStream(File(header, F32(1, 2, 3, 4, 5, 6))));

        Assert.Equal([1f, 2f, 3f, 4f], Gathered(Linear, "layers.0.weight", storage));
        Assert.Equal([5f, 6f], Gathered(Linear, "layers.0.bias", storage));
    }

    [Fact]
    public void A_file_without_metadata_loads()
    {
        string header = """{"layers.0.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"layers.0.bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}""";
        float[] storage = new float[Linear.StorageLength];

        Safetensors.Import(Linear, storage, new MemoryStream(File(header, F32(1, 2, 3, 4, 5, 6))));

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], Canonical(Linear, storage));
    }

    public static TheoryData<string> PyTorchFixtures => ["lstm_peephole", "embedding_lm", "stacked", "gru_reset_before", "dense_first", "lstm_stacked_peephole"];

    /// <summary>
    /// Files written by tools/make_fixtures.py from PyTorch modules: every tensor equals the floats its header
    /// entry points at, located with System.Text.Json's DOM (an independent parser) and decoded here.
    /// </summary>
    [Theory]
    [MemberData(nameof(PyTorchFixtures))]
    public void A_PyTorch_state_dict_imports_every_tensor(string fixture)
    {
        ModelDescriptor model = FixtureDescriptor(fixture);
        byte[] file = System.IO.File.ReadAllBytes(FixturePath(fixture));
        float[] storage = new float[model.StorageLength];

        Safetensors.Import(model, storage, new MemoryStream(file));

        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, dataStart - 8));
        foreach (TensorDescriptor tensor in model.Tensors)
        {
            int begin = header.RootElement.GetProperty(tensor.Name).GetProperty("data_offsets")[0].GetInt32();
            float[] expected = [.. Enumerable.Range(0, tensor.ElementCount).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + begin + (4 * i))))];
            Assert.Equal(Bits(expected), Bits(Gathered(model, tensor.Name, storage)));
        }
    }

    /// <summary>PyTorch wrote the fixtures in state-dict order as F32: an export of the same parameters has the very same data bytes.</summary>
    [Theory]
    [MemberData(nameof(PyTorchFixtures))]
    public void Exporting_an_imported_PyTorch_state_dict_reproduces_its_data_bytes(string fixture)
    {
        ModelDescriptor model = FixtureDescriptor(fixture);
        byte[] original = System.IO.File.ReadAllBytes(FixturePath(fixture));
        float[] storage = new float[model.StorageLength];
        Safetensors.Import(model, storage, FixturePath(fixture));

        var exported = new MemoryStream();
        Safetensors.Export(model, storage, exported);

        Assert.Equal(DataSection(original), DataSection(exported.ToArray()));
    }

    private static byte[] DataSection(byte[] file) => file[(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file))..];

    private static float[] Gathered(ModelDescriptor model, string name, float[] storage)
    {
        TensorDescriptor tensor = model.FindTensor(name)!;
        float[] values = new float[tensor.ElementCount];
        tensor.Gather(storage, values);
        return values;
    }

    private static string FixturePath(string fixture) => Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture + ".safetensors");

    /// <summary>The architectures of the fixtures, as Runtime.Tests/Models/FixtureModels.cs declares them.</summary>
    private static ModelDescriptor FixtureDescriptor(string fixture) => fixture switch
    {
        "lstm_peephole" => new(4, new LayerSpec(LayerKind.Lstm, 10, Peepholes: true), new LayerSpec(LayerKind.Dense, 3, Activation.Sigmoid)),
        "embedding_lm" => new(
            0,
            new LayerSpec(LayerKind.Embedding, 6, VocabularySize: 11),
            new LayerSpec(LayerKind.Lstm, 20),
            new LayerSpec(LayerKind.Lstm, 20),
            new LayerSpec(LayerKind.Dense, 11, Activation.Softmax)),
        "stacked" => new(
            4,
            new LayerSpec(LayerKind.Gru, 16),
            new LayerSpec(LayerKind.SimpleRnn, 8, Activation.Relu),
            new LayerSpec(LayerKind.Dense, 2, Activation.Sigmoid)),
        "gru_reset_before" => new(4, new LayerSpec(LayerKind.Gru, 9, ResetAfter: false), new LayerSpec(LayerKind.Dense, 3)),
        "dense_first" => new(
            3,
            new LayerSpec(LayerKind.Dense, 6, Activation.Tanh),
            new LayerSpec(LayerKind.Gru, 8),
            new LayerSpec(LayerKind.Dense, 5),
            new LayerSpec(LayerKind.Dense, 1)),
        _ => new(
            2,
            new LayerSpec(LayerKind.Lstm, 13, Peepholes: true),
            new LayerSpec(LayerKind.Lstm, 7),
            new LayerSpec(LayerKind.Dense, 3, Activation.Softmax)),
    };
}
