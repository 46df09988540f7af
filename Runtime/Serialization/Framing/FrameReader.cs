using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace RnnCodegen.Serialization;

/// <summary>
/// Reads what <see cref="FrameWriter"/> writes, front to back (the stream need not seek), keeping the CRC-32 of
/// every byte read so that <see cref="ReadChecksum"/> can verify the file's last field.
/// </summary>
/// <remarks>
/// Every problem becomes a <see cref="ModelFormatException"/> that names the field, what was expected and what
/// was found. The reader never allocates from a length it has not checked against the caller's bound.
/// </remarks>
internal sealed class FrameReader(Stream stream, string document)
{
    private const int ChunkBytes = 4096;

    /// <summary>Floats <see cref="ReadGrowingFloats"/> allocates before any has been read: 256 KiB.</summary>
    private const int FirstGrowingFloats = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream = stream;

    /// <summary>What the file is, for messages: "model file", "checkpoint".</summary>
    private readonly string _document = document;

    private Crc32 _crc;

    /// <summary>Bytes read so far: the offset of the next field.</summary>
    public long Offset { get; private set; }

    /// <summary>An exception for field <paramref name="field"/>; <paramref name="problem"/> continues the sentence "field 'x' ...".</summary>
    public ModelFormatException Error(string field, string problem) =>
        new($"Cannot load the {_document}: field '{field}' {problem}");

    /// <summary>Reads <paramref name="expected"/>.Length bytes and refuses the file unless they equal <paramref name="expected"/>.</summary>
    public void ReadMagic(ReadOnlySpan<byte> expected)
    {
        Span<byte> found = stackalloc byte[expected.Length];
        Read(found, "magic");
        if (!found.SequenceEqual(expected))
        {
            throw Error("magic", $"is {Convert.ToHexString(found)}, expected {Convert.ToHexString(expected)}: {WhatItIs(found)}");
        }
    }

    /// <summary>Names the other RnnCodegen format when a file of one is given where the other is read.</summary>
    private string WhatItIs(ReadOnlySpan<byte> magic)
    {
        if (magic.SequenceEqual(ModelFileFormat.Magic))
        {
            return $"this is an RnnCodegen model file (written by a model's Save), not a {_document}: load it with the model's Load.";
        }

        return magic.SequenceEqual(CheckpointFormat.Magic)
            ? $"this is an RnnCodegen trainer checkpoint (written by Trainer.SaveCheckpoint), not a {_document}: load it with Trainer.LoadCheckpoint."
            : $"this is not an RnnCodegen {_document}.";
    }

    /// <summary>Reads the format version and refuses versions outside [<paramref name="oldest"/>, <paramref name="newest"/>].</summary>
    public int ReadVersion(int oldest, int newest)
    {
        uint version = ReadUInt32("format version");
        string readable = oldest == newest ? $"version {newest}" : $"versions {oldest} to {newest}";
        if (version > (uint)newest)
        {
            throw Error("format version", $"is {version}, this RnnCodegen reads {readable}: the file was written by a newer RnnCodegen.");
        }

        if (version < (uint)oldest)
        {
            throw Error("format version", $"is {version}, this RnnCodegen reads {readable}.");
        }

        return (int)version;
    }

    /// <summary>Reads a 4-byte little-endian unsigned integer.</summary>
    public uint ReadUInt32(string field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        Read(bytes, field);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Reads a 4-byte little-endian signed integer.</summary>
    public int ReadInt32(string field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        Read(bytes, field);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    /// <summary>Reads an 8-byte little-endian signed integer.</summary>
    public long ReadInt64(string field)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        Read(bytes, field);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>Reads an int32 and refuses it unless it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadCount(string field, int min, int max)
    {
        int count = ReadInt32(field);
        if (count < min || count > max)
        {
            throw Error(field, $"is {count}, expected {min} to {max}.");
        }

        return count;
    }

    /// <summary>Reads the field "<paramref name="field"/> length" (int32, checked first) and then that many bytes of strict UTF-8.</summary>
    public string ReadString(string field, int minBytes, int maxBytes)
    {
        int length = ReadCount(field + " length", minBytes, maxBytes);
        long start = Offset;
        byte[] bytes = new byte[length];
        Read(bytes, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(field, $"(the {length} bytes at byte {start}) is not valid UTF-8.");
        }
    }

    /// <summary>Fills <paramref name="destination"/> with little-endian floats, bit for bit.</summary>
    public void ReadFloats(Span<float> destination, string field) =>
        ReadFloats(destination, field, Offset, (long)destination.Length * sizeof(float));

    /// <summary>
    /// Reads <paramref name="count"/> floats into a new array that grows only as the bytes arrive, for a count the
    /// caller cannot bound in advance: a forged count in a short file allocates in proportion to the bytes that are
    /// there (after a first 256 KiB), never what the count claims, before the file is refused as truncated.
    /// </summary>
    public float[] ReadGrowingFloats(int count, string field)
    {
        long start = Offset;
        long length = (long)count * sizeof(float);
        float[] values = new float[Math.Min(count, FirstGrowingFloats)];
        int filled = 0;
        while (true)
        {
            ReadFloats(values.AsSpan(filled), field, start, length);
            filled = values.Length;
            if (filled == count)
            {
                return values;
            }

            Array.Resize(ref values, (int)Math.Min(count, 2L * filled));
        }
    }

    /// <summary>Reads the stored CRC-32 and refuses the file unless it equals the CRC-32 of every byte before it.</summary>
    public void ReadChecksum()
    {
        uint computed = _crc.Value;
        uint stored = ReadUInt32("checksum");
        if (stored != computed)
        {
            throw Error("checksum", $"is 0x{stored:X8}, expected 0x{computed:X8} (the CRC-32 of the {Offset - sizeof(uint)} bytes before it): the file is corrupted.");
        }
    }

    /// <summary>Refuses the file if anything follows the checksum.</summary>
    public void ReadEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        if (_stream.Read(probe) != 0)
        {
            throw Error("checksum", $"is followed by more bytes (at byte {Offset}): the file must end after it.");
        }
    }

    /// <summary>Fills <paramref name="destination"/>, part of a field that spans [<paramref name="fieldStart"/>, +<paramref name="fieldLength"/>).</summary>
    private void ReadFloats(Span<float> destination, string field, long fieldStart, long fieldLength)
    {
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        while (!destination.IsEmpty)
        {
            int count = Math.Min(destination.Length, ChunkBytes / sizeof(float));
            Span<byte> bytes = chunk[..(count * sizeof(float))];
            Read(bytes, field, fieldStart, fieldLength);
            for (int i = 0; i < count; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            destination = destination[count..];
        }
    }

    private void Read(Span<byte> destination, string field) => Read(destination, field, Offset, destination.Length);

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes of a field that spans [<paramref name="fieldStart"/>, +<paramref name="fieldLength"/>).</summary>
    private void Read(Span<byte> destination, string field, long fieldStart, long fieldLength)
    {
        int read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        Offset += read;
        if (read < destination.Length)
        {
            throw Offset == 0
                ? Error(field, "is missing: the file is empty.")
                : Error(field, $"is truncated: the file ends at byte {Offset}, after {Offset - fieldStart} of the field's {fieldLength} bytes.");
        }

        _crc.Append(destination);
    }
}
