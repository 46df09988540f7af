using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.SafetensorsFileBuilder;

namespace RnnCodegen.Tests.Serialization;

/// <summary>The general reader the tests use for fixtures: any tensors, any supported dtype, shared checks.</summary>
public class SafetensorsDocumentTests
{
    [Fact]
    public void Every_dtype_shape_and_the_metadata_read_back_in_header_order()
    {
        byte[] file = File(
        [
            new SafetensorsEntry("tokens", "I64", "[2,2]", I64(0, -1, long.MaxValue, 42)),
            new SafetensorsEntry("scalar", "F32", "[]", F32(2.5f)),
            new SafetensorsEntry("empty", "F32", "[0,3]", []),
            new SafetensorsEntry("half", "F16", "[2]", Bits16(0x3C00, 0xBC00)),   // 1, -1
            new SafetensorsEntry("brain", "BF16", "[1]", Bits16(0x3F40)),         // 0x3F400000 = 0.75
            new SafetensorsEntry("double", "F64", "[1]", F64(-0.125)),
        ],
        metadata: """{"format":"pt","signature":"Tokens"}""");

        SafetensorsDocument document = SafetensorsDocument.Read(new MemoryStream(file));

        Assert.Equal(["tokens", "scalar", "empty", "half", "brain", "double"], document.Tensors.Select(tensor => tensor.Name));
        Assert.Equal([0L, -1L, long.MaxValue, 42L], document["tokens"].Int64s);
        Assert.Equal([2L, 2L], document["tokens"].Shape);
        Assert.Equal([2.5f], document["scalar"].Floats);
        Assert.Empty(document["scalar"].Shape);
        Assert.Empty(document["empty"].Floats);
        Assert.Equal([0L, 3L], document["empty"].Shape);
        Assert.Equal([1f, -1f], document["half"].Floats);
        Assert.Equal([0.75f], document["brain"].Floats);
        Assert.Equal([-0.125f], document["double"].Floats);
        Assert.Equal("Tokens", document.Metadata["signature"]);
        Assert.Equal(SafetensorsDType.BF16, document["brain"].DType);
        Assert.Throws<InvalidOperationException>(() => document["tokens"].Floats);
        Assert.Throws<InvalidOperationException>(() => document["half"].Int64s);
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => document["missing"]);
    }

    /// <summary>A PyTorch fixture with I64 tokens: compared with the bytes its header points at, located with System.Text.Json's DOM.</summary>
    [Fact]
    public void A_PyTorch_fixture_of_tokens_and_outputs_reads_as_written()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "embedding_lm.io.safetensors");
        byte[] file = System.IO.File.ReadAllBytes(path);
        int dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, dataStart - 8));

        SafetensorsDocument document = SafetensorsDocument.Read(path);

        int tokensAt = dataStart + header.RootElement.GetProperty("tokens").GetProperty("data_offsets")[0].GetInt32();
        int outputAt = dataStart + header.RootElement.GetProperty("output").GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal([12L], document["tokens"].Shape);
        Assert.Equal([12L, 11L], document["output"].Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(tokensAt + (8 * i)))), document["tokens"].Int64s);
        Assert.Equal(Enumerable.Range(0, 132).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(outputAt + (4 * i)))), document["output"].Floats);
    }

    [Fact]
    public void A_damaged_document_is_refused_by_the_same_checks_as_an_import()
    {
        byte[] file = File([new SafetensorsEntry("x", "F32", "[2]", F32(1f, 2f))]);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => SafetensorsDocument.Read(new MemoryStream(file[..^1])));

        Assert.Contains("inside tensor 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_needs_a_seekable_stream_to_bound_what_it_allocates()
    {
        byte[] file = File([new SafetensorsEntry("x", "F32", "[1]", F32(1f))]);

        Assert.Throws<ArgumentException>(() => SafetensorsDocument.Read(new NonSeekableStream(new MemoryStream(file))));
    }
}
