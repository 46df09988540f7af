using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace RnnCodegen.Serialization;

/// <summary>
/// Writes protocol buffer fields (https://protobuf.dev/programming-guides/encoding/): varints, 32-bit floats and
/// length-delimited bytes. A nested message is written into its own writer first, so its length is known.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Varint(int field, long value)
    {
        Tag(field, ProtoReader.VarintWire);
        RawVarint((ulong)value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Message(int field, ProtoWriter message) => Bytes(field, message.Written);

    /// <summary>
    /// A packed repeated float field: one length, then the little-endian floats, copied in one block (as the reader
    /// takes them: every platform .NET runs on is little-endian).
    /// </summary>
    public void PackedFloats(int field, ReadOnlySpan<float> values) => Bytes(field, MemoryMarshal.AsBytes(values));

    public void Bytes(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, ProtoReader.LengthDelimitedWire);
        RawVarint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        Span<byte> bytes = _buffer.GetSpan(10);
        int count = 0;
        while (value >= 0x80)
        {
            bytes[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[count++] = (byte)value;
        _buffer.Advance(count);
    }
}
