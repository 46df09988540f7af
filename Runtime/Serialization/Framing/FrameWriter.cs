using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace RnnCodegen.Serialization;

/// <summary>
/// Writes the little-endian fields of an RnnCodegen binary file (model files, trainer checkpoints)
/// and keeps the CRC-32 of every byte written, which <see cref="WriteChecksum"/> appends as the last field.
/// <see cref="FrameReader"/> reads the same fields back.
/// </summary>
internal sealed class FrameWriter(Stream stream)
{
    /// <summary>Floats are converted to little-endian bytes through a stack buffer of this many bytes.</summary>
    private const int ChunkBytes = 4096;

    private readonly Stream _stream = stream;
    private Crc32 _crc;

    /// <summary>Writes raw bytes, e.g. a magic number.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _crc.Append(bytes);
        _stream.Write(bytes);
    }

    /// <summary>Writes a 4-byte little-endian unsigned integer.</summary>
    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a 4-byte little-endian signed integer (lengths and counts).</summary>
    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes an 8-byte little-endian signed integer.</summary>
    public void WriteInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes an int32 byte length and then the UTF-8 bytes of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The text is longer than <paramref name="maxBytes"/>, which readers would refuse.</exception>
    public void WriteString(string value, string field, int maxBytes)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > maxBytes)
        {
            throw new ArgumentException($"Field '{field}' is {bytes.Length} bytes of UTF-8; the format allows at most {maxBytes}.", nameof(value));
        }

        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes every float as 4 little-endian bytes, bit for bit (NaN payloads and -0 included).</summary>
    public void WriteFloats(ReadOnlySpan<float> values)
    {
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        while (!values.IsEmpty)
        {
            int count = Math.Min(values.Length, ChunkBytes / sizeof(float));
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(chunk[(i * sizeof(float))..], values[i]);
            }

            WriteBytes(chunk[..(count * sizeof(float))]);
            values = values[count..];
        }
    }

    /// <summary>Writes the CRC-32 of everything written so far as the file's last field.</summary>
    public void WriteChecksum()
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, _crc.Value);
        _stream.Write(bytes);
    }
}
