using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace RnnCodegen.Serialization;

/// <summary>
/// Reads a safetensors file front to back (the stream need not seek): the 8-byte header length, the header, then
/// the tensors' data in offset order, and finally checks that the file ends there.
/// </summary>
/// <remarks>
/// Nothing is allocated from a size the file claims without a bound: the header buffer grows with the bytes that
/// actually arrive, up to <see cref="MaxHeaderBytes"/>, and data is decoded through a small stack buffer into
/// destinations the caller sized.
/// </remarks>
internal sealed class SafetensorsStreamReader
{
    /// <summary>The longest header accepted: far above any real model's, far below what could exhaust memory.</summary>
    public const int MaxHeaderBytes = 16 << 20;

    private const int LengthBytes = sizeof(ulong);

    /// <summary>The header buffer starts at this size and doubles as bytes arrive, so a forged length on a short file costs little.</summary>
    private const int FirstHeaderChunk = 64 << 10;

    private const int ChunkBytes = 4096;

    private readonly Stream _stream;

    /// <summary>Bytes before the data section: the length field and the header.</summary>
    private readonly long _dataStart;

    /// <summary>Bytes of the data section read so far.</summary>
    private long _dataRead;

    private SafetensorsStreamReader(Stream stream, SafetensorsHeader header, long dataStart)
    {
        _stream = stream;
        Header = header;
        _dataStart = dataStart;
    }

    private delegate void Decoder<T>(SafetensorsDType dtype, ReadOnlySpan<byte> bytes, Span<T> values);

    /// <summary>The parsed, checked header.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>Reads and checks the header; the stream is left at the first byte of the data section.</summary>
    /// <exception cref="ModelFormatException">The length or the header is invalid, or (on a seekable stream) the data section has the wrong length.</exception>
    public static SafetensorsStreamReader Open(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[LengthBytes];
        int read = stream.ReadAtLeast(prefix, LengthBytes, throwOnEndOfStream: false);
        if (read < LengthBytes)
        {
            throw new ModelFormatException(read == 0
                ? "The file is empty: a safetensors file starts with an 8-byte header length."
                : $"The file ends after {read} bytes, inside the 8-byte safetensors header length.");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderBytes)
        {
            throw new ModelFormatException($"The safetensors header length is {length} bytes, more than the {MaxHeaderBytes} RnnCodegen accepts: the file is corrupted or not a safetensors file.");
        }

        if (stream.CanSeek && stream.Length < stream.Position)
        {
            // A device such as /dev/zero seeks and reports length 0, yet gives bytes: its length says nothing.
            throw new ModelFormatException(
                $"The stream reports a length of {stream.Length} bytes but {stream.Position} have been read from it: it is not a regular file (a device?), and a safetensors file must be one.");
        }

        if (stream.CanSeek && (long)length > stream.Length - stream.Position)
        {
            throw new ModelFormatException($"The safetensors header length is {length} bytes, but only {stream.Length - stream.Position} bytes follow it: the file is truncated or the length is corrupted.");
        }

        byte[] json = ReadHeaderBytes(stream, (int)length);
        var reader = new SafetensorsStreamReader(stream, SafetensorsHeaderParser.Parse(json), LengthBytes + (long)length);
        if (stream.CanSeek)
        {
            reader.CheckDataLength(stream.Length - stream.Position);
        }

        return reader;
    }

    /// <summary>Reads the next tensor, which must be the next in data order, converting its elements to float.</summary>
    public void ReadFloats(SafetensorsTensorInfo tensor, Span<float> destination)
    {
        Debug.Assert(tensor.DType.IsFloat(), "Only floating-point tensors convert to float.");
        Read(tensor, destination, static (dtype, bytes, values) => dtype.DecodeFloats(bytes, values));
    }

    /// <summary>Reads the next tensor, which must be the next in data order and of dtype I64.</summary>
    public void ReadInt64s(SafetensorsTensorInfo tensor, Span<long> destination)
    {
        Debug.Assert(tensor.DType == SafetensorsDType.I64, "Only I64 tensors read as integers.");
        Read(tensor, destination, static (_, bytes, values) => SafetensorsDTypes.DecodeInt64s(bytes, values));
    }

    /// <summary>Refuses the file unless it ends right after the last tensor.</summary>
    public void ReadEnd()
    {
        Span<byte> probe = stackalloc byte[1];
        if (_stream.Read(probe) != 0)
        {
            throw new ModelFormatException($"The file goes on after its last tensor, which ends at byte {_dataStart + Header.DataLength}: a safetensors file ends with its data.");
        }
    }

    /// <summary>Reads the header into a buffer that grows with the bytes that actually arrive.</summary>
    private static byte[] ReadHeaderBytes(Stream stream, int length)
    {
        byte[] buffer = new byte[Math.Min(length, FirstHeaderChunk)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, length));
            }

            int read = stream.Read(buffer.AsSpan(filled));
            if (read == 0)
            {
                throw new ModelFormatException($"The file ends {filled} bytes into its {length}-byte safetensors header: it is truncated or the header length is corrupted.");
            }

            filled += read;
        }

        return buffer;
    }

    private void CheckDataLength(long available)
    {
        if (available < Header.DataLength)
        {
            throw Truncated(available);
        }

        if (available > Header.DataLength)
        {
            throw new ModelFormatException($"The file has {available - Header.DataLength} bytes after its last tensor, which ends at byte {_dataStart + Header.DataLength}: a safetensors file ends with its data.");
        }
    }

    private void Read<T>(SafetensorsTensorInfo tensor, Span<T> destination, Decoder<T> decode)
    {
        Debug.Assert(tensor.Begin == _dataRead && destination.Length == tensor.ElementCount, "Tensors are read whole, in data order.");
        int size = tensor.DType.Size();
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        while (!destination.IsEmpty)
        {
            int count = Math.Min(destination.Length, ChunkBytes / size);
            Span<byte> bytes = chunk[..(count * size)];
            int read = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            _dataRead += read;
            if (read < bytes.Length)
            {
                throw Truncated(_dataRead);
            }

            decode(tensor.DType, bytes, destination[..count]);
            destination = destination[count..];
        }
    }

    /// <summary>The error for a data section that ends after <paramref name="available"/> bytes: names the first tensor cut short.</summary>
    private ModelFormatException Truncated(long available)
    {
        SafetensorsTensorInfo cut = Header.InDataOrder.First(tensor => tensor.End > available);
        return new ModelFormatException(
            $"The file is truncated: its data section ends after {available} of the {Header.DataLength} bytes the header describes, "
            + $"inside tensor '{cut.Name}' (data bytes {cut.Begin} to {cut.End}).");
    }
}
