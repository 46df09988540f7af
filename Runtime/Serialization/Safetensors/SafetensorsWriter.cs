using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Text.Json;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Writes a model's tensors as a safetensors file in PyTorch's names, shapes and state-dict order, F32,
/// with <c>__metadata__</c> {"format": "pt", "rnncodegen.signature": ...}.
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>The data section starts at a multiple of this, as the reference implementation aligns it.</summary>
    private const int Alignment = 8;

    private const int ChunkBytes = 4096;

    /// <summary>
    /// Writes the file; <paramref name="canonical"/> holds the tensors one after another in state-dict order, and
    /// <paramref name="names"/> their names in the file, in the same order.
    /// </summary>
    public static void Write(ModelDescriptor model, string[] names, ReadOnlySpan<float> canonical, Stream stream)
    {
        byte[] header = Header(model, names);
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        WriteFloats(canonical, stream);
    }

    /// <summary>The header JSON, padded with spaces so that the data after the 8-byte length stays aligned.</summary>
    private static byte[] Header(ModelDescriptor model, string[] names)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(SafetensorsHeaderParser.MetadataKey);
            writer.WriteString("format", "pt");
            writer.WriteString(ModelMetadata.SignatureKey, model.Signature);
            writer.WriteEndObject();
            long offset = 0;
            for (int i = 0; i < names.Length; i++)
            {
                TensorDescriptor tensor = model.Tensors[i];
                long end = offset + (sizeof(float) * (long)tensor.ElementCount);
                writer.WriteStartObject(names[i]);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }

            writer.WriteEndObject();
        }

        int padded = (json.WrittenCount + Alignment - 1) / Alignment * Alignment;
        byte[] header = new byte[padded];
        json.WrittenSpan.CopyTo(header);
        header.AsSpan(json.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteFloats(ReadOnlySpan<float> values, Stream stream)
    {
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        while (!values.IsEmpty)
        {
            int count = Math.Min(values.Length, ChunkBytes / sizeof(float));
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(chunk[(sizeof(float) * i)..], values[i]);
            }

            stream.Write(chunk[..(count * sizeof(float))]);
            values = values[count..];
        }
    }
}
