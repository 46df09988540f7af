using System.Linq;
using System.Text;
using RnnCodegen.Serialization;

namespace RnnCodegen.Tests.Serialization;

public class Crc32Tests
{
    // Reference values: the CRC-32 catalogue's check value for "123456789" and Python's zlib.crc32 for the rest.
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Matches_the_standard_crc32_of_text(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Matches_zlib_over_every_byte_value()
    {
        byte[] data = Enumerable.Range(0, 1024).Select(i => (byte)i).ToArray();

        Assert.Equal(0xB70B4C26u, Crc32.Compute(data)); // zlib.crc32(bytes(range(256)) * 4)
    }

    [Fact]
    public void Appending_in_pieces_gives_the_checksum_of_the_whole()
    {
        byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        var crc = default(Crc32);

        crc.Append(data.AsSpan(0, 10));
        crc.Append(data.AsSpan(10, 0));
        crc.Append(data.AsSpan(10));

        Assert.Equal(0x414FA339u, crc.Value);
    }
}
