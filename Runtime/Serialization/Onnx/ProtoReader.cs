using System;
using System.Buffers.Binary;

namespace RnnCodegen.Serialization;

/// <summary>
/// Reads protocol buffer fields from a span, front to back. Every length is checked against the bytes left before
/// anything is sliced, so a forged length ends in a <see cref="ModelFormatException"/>, never in a large allocation.
/// </summary>
internal ref struct ProtoReader
{
    public const int VarintWire = 0;
    public const int Fixed64Wire = 1;
    public const int LengthDelimitedWire = 2;
    public const int Fixed32Wire = 5;

    private readonly string _message;
    private ReadOnlySpan<byte> _rest;

    /// <param name="bytes">The message's bytes.</param>
    /// <param name="message">The message's name, for errors (e.g. <c>TensorProto 'W'</c>).</param>
    public ProtoReader(ReadOnlySpan<byte> bytes, string message)
    {
        _rest = bytes;
        _message = message;
    }

    public readonly bool AtEnd => _rest.IsEmpty;

    /// <summary>Reads the next field's number and wire type.</summary>
    public (int Field, int WireType) Tag()
    {
        ulong tag = Varint();
        int field = (int)Math.Min(tag >> 3, int.MaxValue);
        if (field == 0)
        {
            throw Damaged("a field number 0");
        }

        return (field, (int)(tag & 7));
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0, i = 0; i < 10; i++, shift += 7)
        {
            if (i >= _rest.Length)
            {
                throw Damaged("a varint cut off by the end of the message");
            }

            byte next = _rest[i];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                _rest = _rest[(i + 1)..];
                return value;
            }
        }

        throw Damaged("a varint longer than 10 bytes");
    }

    public float Fixed32Float()
    {
        ReadOnlySpan<byte> bytes = Take(sizeof(float));
        return BinaryPrimitives.ReadSingleLittleEndian(bytes);
    }

    public ReadOnlySpan<byte> LengthDelimited()
    {
        ulong length = Varint();
        if (length > (ulong)_rest.Length)
        {
            throw Damaged($"a field of {length} bytes where {_rest.Length} are left");
        }

        return Take((int)length);
    }

    /// <summary>Skips a field this reader does not need.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case VarintWire:
                Varint();
                break;
            case Fixed64Wire:
                Take(8);
                break;
            case LengthDelimitedWire:
                LengthDelimited();
                break;
            case Fixed32Wire:
                Take(4);
                break;
            default:
                throw Damaged($"wire type {wireType}, which protocol buffers do not define (groups are not used by ONNX)");
        }
    }

    /// <summary>Throws unless the field has <paramref name="expected"/> wire type.</summary>
    public readonly void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw Damaged($"field {field} with wire type {wireType}, where ONNX puts wire type {expected}");
        }
    }

    public readonly ModelFormatException Damaged(string what) =>
        new($"The ONNX file is damaged: its {_message} has {what}.");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw Damaged($"a {count}-byte field cut off by the end of the message");
        }

        ReadOnlySpan<byte> taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
