using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Export then import restores every parameter bit for bit, and the exported file is what PyTorch's safetensors reads.</summary>
public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void A_stream_round_trip_restores_every_bit(string name)
    {
        ModelDescriptor model = ByName(name);
        float[] exported = Initialized(model, seed: 5);

        byte[] file = Export(model, exported);
        float[] imported = new float[model.StorageLength];
        Safetensors.Import(model, imported, new MemoryStream(file));

        Assert.Equal(Bits(exported), Bits(imported));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void A_path_round_trip_restores_every_bit(string name)
    {
        ModelDescriptor model = ByName(name);
        float[] exported = Initialized(model, seed: 6);
        string path = Path.Combine(_folder, name + ".safetensors");

        Safetensors.Export(model, exported, path);
        float[] imported = new float[model.StorageLength];
        Safetensors.Import(model, imported, path);

        Assert.Equal(Bits(exported), Bits(imported));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_forward_only_stream_imports_the_same_parameters()
    {
        float[] exported = Initialized(PeepholeLstm, seed: 9);

        float[] imported = new float[PeepholeLstm.StorageLength];
        Safetensors.Import(PeepholeLstm, imported, new NonSeekableStream(new MemoryStream(Export(PeepholeLstm, exported))));

        Assert.Equal(Bits(exported), Bits(imported));
    }

    [Fact]
    public void Special_float_values_survive_bit_for_bit()
    {
        float[] exported = Initialized(Small, seed: 4);
        int[] special = [unchecked((int)0x80000000), 0x00000001, 0x7FC12345, 0x7F800001, unchecked((int)0xFF800000), 0x7F7FFFFF];
        TensorDescriptor weights = Small.Tensors[1];
        float[] values = new float[weights.ElementCount];
        special.Select(BitConverter.Int32BitsToSingle).ToArray().CopyTo(values, 0);
        weights.Scatter(values, exported);

        float[] imported = new float[Small.StorageLength];
        Safetensors.Import(Small, imported, new MemoryStream(Export(Small, exported)));

        Assert.Equal(Bits(exported), Bits(imported));
    }

    /// <summary>Read with System.Text.Json's DOM, an independent parser: the layout PyTorch's safetensors expects.</summary>
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void The_exported_file_is_valid_safetensors_in_state_dict_order(string name)
    {
        ModelDescriptor model = ByName(name);
        float[] storage = Initialized(model, seed: 12);
        byte[] file = Export(model, storage);

        long headerLength = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(file));
        Assert.Equal(0, headerLength % 8);
        int dataStart = 8 + (int)headerLength;
        Assert.Equal(dataStart + (4 * model.ParameterCount), file.Length);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        JsonProperty[] entries = [.. header.RootElement.EnumerateObject()];
        Assert.Equal("__metadata__", entries[0].Name);
        Assert.Equal("pt", entries[0].Value.GetProperty("format").GetString());
        Assert.Equal(model.Signature, entries[0].Value.GetProperty("rnncodegen.signature").GetString());
        Assert.Equal(model.Tensors.Select(tensor => tensor.Name), entries.Skip(1).Select(entry => entry.Name));

        long expectedBegin = 0;
        foreach (TensorDescriptor tensor in model.Tensors)
        {
            JsonElement entry = header.RootElement.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(dimension => dimension.GetInt32()));
            long[] offsets = [.. entry.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64())];
            Assert.Equal([expectedBegin, expectedBegin + (4 * tensor.ElementCount)], offsets);
            float[] expected = new float[tensor.ElementCount];
            tensor.Gather(storage, expected);
            float[] written = [.. Enumerable.Range(0, tensor.ElementCount).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + (int)offsets[0] + (4 * i))))];
            Assert.Equal(Bits(expected), Bits(written));
            expectedBegin = offsets[1];
        }
    }

    [Fact]
    public void Exporting_over_an_existing_file_replaces_it()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        Safetensors.Export(Small, Initialized(Small, seed: 1), path);
        float[] second = Initialized(Small, seed: 2);

        Safetensors.Export(Small, second, path);

        Assert.Equal(Export(Small, second), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void An_export_that_fails_part_way_leaves_the_previous_file_and_no_temporary_file()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        Safetensors.Export(Small, Initialized(Small, seed: 1), path);
        byte[] previous = File.ReadAllBytes(path);
        float[] next = Initialized(Small, seed: 2);

        foreach (long room in new long[] { 0, 7, 8, 100, previous.Length - 1 })
        {
            Assert.Throws<IOException>(() => Safetensors.Export(Small, next, path, file => new FullDiskStream(file, room)));

            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(_folder));
        }
    }

    [Fact]
    public void A_storage_of_the_wrong_length_is_refused_by_both_directions()
    {
        float[] wrong = new float[Small.StorageLength - 1];

        Assert.Throws<ArgumentException>(() => Safetensors.Export(Small, wrong, new MemoryStream()));
        Assert.Throws<ArgumentException>(() => Safetensors.Import(Small, wrong, new MemoryStream(Export(Small, Initialized(Small, seed: 1)))));
    }

    private static byte[] Export(ModelDescriptor model, float[] storage)
    {
        var stream = new MemoryStream();
        Safetensors.Export(model, storage, stream);
        return stream.ToArray();
    }
}
