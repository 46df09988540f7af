using System;
using System.Buffers.Binary;

namespace RnnCodegen.Serialization;

/// <summary>The safetensors element types RnnCodegen reads: the float types a model imports, and I64 for token fixtures.</summary>
internal enum SafetensorsDType
{
    /// <summary>IEEE 754 binary32.</summary>
    F32,

    /// <summary>IEEE 754 binary64, rounded to the nearest float on import.</summary>
    F64,

    /// <summary>IEEE 754 binary16; every value is exactly a float.</summary>
    F16,

    /// <summary>bfloat16: the top 16 bits of a float32; every value is exactly a float.</summary>
    BF16,

    /// <summary>Signed 64-bit integers (token sequences in test fixtures; never model parameters).</summary>
    I64,
}

/// <summary>Names, sizes and little-endian decoding of <see cref="SafetensorsDType"/>.</summary>
internal static class SafetensorsDTypes
{
    /// <summary>The file's name for a dtype, e.g. "F32"; null for a name RnnCodegen does not read.</summary>
    public static SafetensorsDType? Parse(string name) => name switch
    {
        "F32" => SafetensorsDType.F32,
        "F64" => SafetensorsDType.F64,
        "F16" => SafetensorsDType.F16,
        "BF16" => SafetensorsDType.BF16,
        "I64" => SafetensorsDType.I64,
        _ => null,
    };

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 => 4,
        _ => 2,
    };

    /// <summary>True for the types that convert to float: the ones a model's parameters can be imported from.</summary>
    public static bool IsFloat(this SafetensorsDType dtype) => dtype != SafetensorsDType.I64;

    /// <summary>Converts <paramref name="destination"/>.Length little-endian floating-point elements of <paramref name="dtype"/> to float.</summary>
    public static void DecodeFloats(this SafetensorsDType dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = dtype switch
            {
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
                SafetensorsDType.F64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                SafetensorsDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
                _ => throw new InvalidOperationException($"{dtype} is not a floating-point type."),
            };
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length little-endian I64 elements.</summary>
    public static void DecodeInt64s(ReadOnlySpan<byte> bytes, Span<long> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]);
        }
    }
}
