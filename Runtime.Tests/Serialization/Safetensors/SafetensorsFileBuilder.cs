using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Serialization;

/// <summary>One tensor of a hand-built file: the header fields as the test spells them, and its raw data bytes.</summary>
/// <param name="Name">The header key.</param>
/// <param name="DType">The dtype text, written as is.</param>
/// <param name="Shape">The shape text, written as is, e.g. <c>[9, 2]</c>.</param>
/// <param name="Data">The tensor's bytes.</param>
internal sealed record SafetensorsEntry(string Name, string DType, string Shape, byte[] Data)
{
    /// <summary>The data_offsets text; null lays the tensors out one after another in entry order.</summary>
    public string? Offsets { get; init; }
}

/// <summary>
/// Writes safetensors files byte by byte from JSON text the tests spell out, so the files do not depend on the
/// writer under test.
/// </summary>
internal static class SafetensorsFileBuilder
{
    public const string PyTorchMetadata = """{"format":"pt"}""";

    /// <summary>The header length (little-endian u64), the header's UTF-8 bytes, then the data.</summary>
    public static byte[] File(string header, byte[] data) => File(Utf8(header), data);

    public static byte[] File(byte[] header, byte[] data) => File((ulong)header.Length, header, data);

    /// <summary>As <see cref="File(byte[], byte[])"/> with a length field that may lie.</summary>
    public static byte[] File(ulong declaredLength, byte[] header, byte[] data)
    {
        byte[] length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, declaredLength);
        return [.. length, .. header, .. data];
    }

    /// <summary>A file of <paramref name="entries"/>, their data one after another in entry order.</summary>
    public static byte[] File(IReadOnlyList<SafetensorsEntry> entries, string? metadata = PyTorchMetadata) =>
        File(Header(entries, metadata), [.. entries.SelectMany(entry => entry.Data)]);

    /// <summary>The header JSON of <paramref name="entries"/>; offsets not given follow the entry order.</summary>
    public static string Header(IReadOnlyList<SafetensorsEntry> entries, string? metadata = PyTorchMetadata)
    {
        var fields = new List<string>();
        if (metadata is not null)
        {
            fields.Add($"\"__metadata__\":{metadata}");
        }

        long offset = 0;
        foreach (SafetensorsEntry entry in entries)
        {
            string offsets = entry.Offsets ?? $"[{offset},{offset + entry.Data.Length}]";
            fields.Add($"\"{entry.Name}\":{{\"dtype\":\"{entry.DType}\",\"shape\":{entry.Shape},\"data_offsets\":{offsets}}}");
            offset += entry.Data.Length;
        }

        return "{" + string.Join(",", fields) + "}";
    }

    /// <summary>The model's tensors as F32 entries in state-dict order, as PyTorch's <c>save_file(model.state_dict())</c> lists them.</summary>
    public static SafetensorsEntry[] Entries(ModelDescriptor model, float[] storage) =>
    [
        .. model.Tensors.Select(tensor =>
        {
            float[] values = new float[tensor.ElementCount];
            tensor.Gather(storage, values);
            return new SafetensorsEntry(tensor.Name, "F32", "[" + string.Join(",", tensor.Shape) + "]", F32(values));
        }),
    ];

    public static byte[] F32(params float[] values) => Encode(values, 4, (bytes, value) => BinaryPrimitives.WriteSingleLittleEndian(bytes, value));

    public static byte[] F64(params double[] values) => Encode(values, 8, (bytes, value) => BinaryPrimitives.WriteDoubleLittleEndian(bytes, value));

    public static byte[] I64(params long[] values) => Encode(values, 8, (bytes, value) => BinaryPrimitives.WriteInt64LittleEndian(bytes, value));

    /// <summary>16-bit elements (F16 or BF16) given by their bit patterns.</summary>
    public static byte[] Bits16(params ushort[] values) => Encode(values, 2, (bytes, value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes, value));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private delegate void Writer<T>(Span<byte> bytes, T value);

    private static byte[] Encode<T>(T[] values, int size, Writer<T> write)
    {
        byte[] bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size), values[i]);
        }

        return bytes;
    }
}
