using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.SafetensorsFileBuilder;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Whatever a file claims, importing allocates no more than the model's own size (and a bounded header) allows.</summary>
public class SafetensorsAllocationTests
{
    /// <summary>Input(8) Lstm(64) Dense(4): 4·64·8 + 4·64·64 + 2·256 + 4·64 + 4 = 19 204 parameters, 76 816 bytes.</summary>
    private static readonly ModelDescriptor Model = new(8, new LayerSpec(LayerKind.Lstm, 64), new LayerSpec(LayerKind.Dense, 4));

    private const int ParameterBytes = 4 * 19204;

    private static SafetensorsEntry[] Entries => SafetensorsFileBuilder.Entries(Model, new float[Model.StorageLength]);

    /// <summary>The header buffer's first chunk: what a forged header length can cost before the stream runs dry.</summary>
    private const int FirstHeaderChunk = 64 * 1024;

    [Fact]
    public void A_forged_header_length_on_a_short_forward_only_stream_costs_one_header_chunk()
    {
        byte[] file = File(16UL << 20, Utf8(Header(Entries)), []);

        (long allocated, string message) = AllocatedByFailedImport(() => new NonSeekableStream(new MemoryStream(file)));

        Assert.Contains("into its 16777216-byte safetensors header", message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, FirstHeaderChunk + (16 * 1024));
    }

    [Fact]
    public void A_forged_header_length_on_a_seekable_stream_is_refused_before_the_header_is_read()
    {
        byte[] header = Utf8(Header(Entries));
        byte[] file = File(16UL << 20, header, [.. Entries.SelectMany(entry => entry.Data)]);

        (long allocated, string message) = AllocatedByFailedImport(() => new MemoryStream(file));

        Assert.Contains("header length is 16777216 bytes, but only", message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 8 * 1024);
    }

    [Fact]
    public void A_tensor_claiming_a_huge_shape_is_refused_before_any_data_buffer()
    {
        // The Dense bias, last in the data, claims 2^40 floats; offsets agree, so only the model's shape check can refuse it.
        SafetensorsEntry[] entries = Entries;
        const long huge = 1L << 40;
        long begin = entries[..^1].Sum(entry => (long)entry.Data.Length);
        entries[^1] = entries[^1] with { Shape = $"[{huge}]", Offsets = $"[{begin},{begin + (4 * huge)}]" };
        byte[] file = File(Header(entries), [.. entries[0].Data]);

        (long allocated, string message) = AllocatedByFailedImport(() => new NonSeekableStream(new MemoryStream(file)));

        Assert.Contains("has shape [1099511627776] in the file", message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 16 * 1024);
    }

    [Fact]
    public void A_valid_import_allocates_one_parameter_buffer_and_a_small_header()
    {
        byte[] file = File(Entries);
        float[] storage = new float[Model.StorageLength];
        Safetensors.Import(Model, storage, new MemoryStream(file));
        var stream = new MemoryStream(file);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Safetensors.Import(Model, storage, stream);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, ParameterBytes, ParameterBytes + (16 * 1024));
    }

    /// <summary>The bytes a refused import allocates (exception and message included), and the message.</summary>
    private static (long Allocated, string Message) AllocatedByFailedImport(Func<Stream> open)
    {
        float[] storage = new float[Model.StorageLength];
        Refuse(open(), storage); // JIT and type initialization are not the import's doing
        Stream stream = open();
        long before = GC.GetAllocatedBytesForCurrentThread();
        string message = Refuse(stream, storage);
        return (GC.GetAllocatedBytesForCurrentThread() - before, message);
    }

    private static string Refuse(Stream stream, float[] storage)
    {
        try
        {
            Safetensors.Import(Model, storage, stream);
        }
        catch (ModelFormatException exception)
        {
            return exception.Message;
        }

        throw new InvalidOperationException("The forged file imported.");
    }
}
