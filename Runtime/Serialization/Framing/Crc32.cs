using System;

namespace RnnCodegen.Serialization;

/// <summary>
/// Incremental CRC-32 as zlib, PNG and gzip compute it (IEEE 802.3 polynomial, reflected, initial value and final
/// XOR 0xFFFFFFFF), so a file's checksum can be checked with any standard tool, e.g. Python's <c>zlib.crc32</c>.
/// System.IO.Hashing has the same function but is not part of the shared framework.
/// </summary>
internal struct Crc32
{
    /// <summary>The reflected form of the IEEE polynomial 0x04C11DB7.</summary>
    private const uint ReflectedPolynomial = 0xEDB88320u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The running register, kept inverted so that a default instance is the empty message.</summary>
    private uint _inverted;

    /// <summary>The CRC-32 of every byte appended so far.</summary>
    public readonly uint Value => _inverted;

    /// <summary>The CRC-32 of <paramref name="data"/> alone.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = default(Crc32);
        crc.Append(data);
        return crc.Value;
    }

    /// <summary>Continues the checksum over <paramref name="data"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        uint register = ~_inverted;
        foreach (byte value in data)
        {
            register = table[(byte)(register ^ value)] ^ (register >> 8);
        }

        _inverted = ~register;
    }

    /// <summary>Entry n is the register after shifting the byte n through it eight times.</summary>
    private static uint[] BuildTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            uint register = n;
            for (int bit = 0; bit < 8; bit++)
            {
                register = (register & 1) != 0 ? (register >> 1) ^ ReflectedPolynomial : register >> 1;
            }

            table[n] = register;
        }

        return table;
    }
}
