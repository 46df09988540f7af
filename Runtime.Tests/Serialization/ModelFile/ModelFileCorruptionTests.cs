using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>One forged or damaged field at a time: each must be refused by name, leaving the storage untouched.</summary>
public class ModelFileCorruptionTests
{
    private const string SmallSignature = "Input(2) Gru(3) Dense(1, Linear)";

    private static readonly float[] SmallParameters = Canonical(Small, Initialized(Small, seed: 3));

    private static ModelFileBuilder Valid => new(SmallSignature, SmallParameters);

    private static byte[] ValidBytes => Valid.ToBytes();

    /// <summary>Magic 8 + version 4 + signature length 4 + signature 32 bytes.</summary>
    internal const int MetadataOffset = 8 + 4 + 4 + 32;

    /// <summary>Where the parameter floats start: metadata count 4 + ("created-by", "ModelFileBuilder") 4 + 10 + 4 + 16, then the count 4.</summary>
    internal const int ParametersOffset = MetadataOffset + 4 + 4 + 10 + 4 + 16 + 4;

    [Fact]
    public void The_builder_offsets_match_the_documented_layout()
    {
        byte[] file = ValidBytes;

        Assert.Equal(ParametersOffset + (4 * SmallParameterCount) + 4, file.Length);
        Assert.Equal(SmallParameterCount, BitConverter.ToInt32(file, ParametersOffset - 4));
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        AssertRefused([], "field 'magic' is missing: the file is empty");
    }

    [Fact]
    public void A_file_that_ends_inside_the_magic_is_refused()
    {
        AssertRefused(ValidBytes[..5], "field 'magic' is truncated: the file ends at byte 5, after 5 of the field's 8 bytes");
    }

    [Fact]
    public void Another_kind_of_file_is_refused_by_its_magic()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, .. new byte[100]];

        AssertRefused(zip, "field 'magic' is 504B030414000600, expected 89524E4E0D0A1A0A: this is not an RnnCodegen model file");
    }

    [Fact]
    public void A_text_mode_transfer_is_caught_by_the_magic()
    {
        byte[] file = ValidBytes;
        byte[] converted = [.. file[..4], 0x0A, .. file[6..]]; // CR LF became LF

        AssertRefused(converted, "field 'magic' is 89524E4E0A1A0A02, expected 89524E4E0D0A1A0A");
    }

    [Fact]
    public void A_newer_format_version_is_refused_naming_both_versions()
    {
        AssertRefused((Valid with { Version = 3 }).ToBytes(), "field 'format version' is 3, this RnnCodegen reads versions 1 to 2: the file was written by a newer RnnCodegen");
    }

    [Fact]
    public void A_version_above_every_signed_number_is_refused_as_newer()
    {
        AssertRefused((Valid with { Version = uint.MaxValue }).ToBytes(), "field 'format version' is 4294967295, this RnnCodegen reads versions 1 to 2: the file was written by a newer");
    }

    [Fact]
    public void A_version_older_than_the_first_is_refused()
    {
        AssertRefused((Valid with { Version = 0 }).ToBytes(), "field 'format version' is 0, this RnnCodegen reads versions 1 to 2.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    [InlineData(4097)]
    [InlineData(int.MaxValue)]
    public void A_signature_length_out_of_bounds_is_refused(int length)
    {
        AssertRefused((Valid with { SignatureLength = length }).ToBytes(), $"field 'signature length' is {length}, expected 1 to 4096.");
    }

    [Fact]
    public void A_signature_longer_than_the_rest_of_the_file_is_refused_as_truncated()
    {
        byte[] file = (Valid with { SignatureLength = 4000 }).ToBytes();

        AssertRefused(file, $"field 'signature' is truncated: the file ends at byte {file.Length}, after {file.Length - 16} of the field's 4000 bytes");
    }

    [Fact]
    public void A_file_of_another_model_is_refused_naming_both_signatures()
    {
        var other = new ModelDescriptor(3, new LayerSpec(LayerKind.Gru, 16), new LayerSpec(LayerKind.Dense, 2));
        var mine = new ModelDescriptor(1, new LayerSpec(LayerKind.Lstm, 32), new LayerSpec(LayerKind.Dense, 1));
        var file = new MemoryStream();
        ModelFile.Save(other, Initialized(other, seed: 1), file);

        AssertRefused(mine, file.ToArray(), "field 'signature' names another model. The file holds a model 'Input(3) Gru(16) Dense(2, Linear)', this model is 'Input(1) Lstm(32) Dense(1, Linear)'.");
    }

    [Fact]
    public void A_variant_of_the_same_sizes_is_another_model()
    {
        var resetBefore = new ModelDescriptor(2, new LayerSpec(LayerKind.Gru, 3, ResetAfter: false), new LayerSpec(LayerKind.Dense, 1));
        byte[] file = new ModelFileBuilder(resetBefore.Signature, new float[resetBefore.ParameterCount]).ToBytes();

        AssertRefused(file, "The file holds a model 'Input(2) Gru(3, ResetBefore) Dense(1, Linear)', this model is 'Input(2) Gru(3) Dense(1, Linear)'.");
    }

    [Fact]
    public void A_signature_that_is_not_utf8_is_refused()
    {
        byte[] signature = [.. System.Text.Encoding.UTF8.GetBytes(SmallSignature)];
        signature[5] = 0xFF;

        AssertRefused((Valid with { SignatureBytes = signature }).ToBytes(), "field 'signature' (the 32 bytes at byte 16) is not valid UTF-8");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    [InlineData(int.MaxValue)]
    public void A_metadata_entry_count_out_of_bounds_is_refused(int count)
    {
        AssertRefused((Valid with { MetadataCount = count }).ToBytes(), $"field 'metadata entry count' is {count}, expected 0 to 16.");
    }

    [Fact]
    public void A_metadata_key_length_out_of_bounds_is_refused()
    {
        byte[] file = ValidBytes;
        BitConverter.TryWriteBytes(file.AsSpan(MetadataOffset + 4), int.MaxValue);

        AssertRefused(file, "field 'metadata key length' is 2147483647, expected 1 to 64.");
    }

    [Fact]
    public void A_metadata_value_length_out_of_bounds_is_refused()
    {
        byte[] file = ValidBytes;
        BitConverter.TryWriteBytes(file.AsSpan(MetadataOffset + 4 + 4 + 10), -7);

        AssertRefused(file, "field 'metadata value length' is -7, expected 0 to 1024.");
    }

    [Fact]
    public void A_repeated_metadata_key_is_refused()
    {
        var file = Valid with { Metadata = [("created-by", "a"), ("created-by", "b")] };

        AssertRefused(file.ToBytes(), "field 'metadata key' 'created-by' appears twice");
    }

    [Theory]
    [InlineData(SmallParameterCount + 1)]
    [InlineData(SmallParameterCount - 1)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void A_wrong_parameter_count_is_refused(int count)
    {
        AssertRefused((Valid with { ParameterCount = count }).ToBytes(), $"field 'parameter count' is {count}, expected {SmallParameterCount} (the parameters of '{SmallSignature}').");
    }

    [Fact]
    public void A_file_cut_inside_the_parameters_is_refused()
    {
        int cut = ParametersOffset + 100;

        AssertRefused(ValidBytes[..cut], $"field 'parameters' is truncated: the file ends at byte {cut}, after 100 of the field's {4 * SmallParameterCount} bytes");
    }

    [Fact]
    public void A_file_cut_inside_the_checksum_is_refused()
    {
        byte[] file = ValidBytes;

        AssertRefused(file[..^1], $"field 'checksum' is truncated: the file ends at byte {file.Length - 1}, after 3 of the field's 4 bytes");
    }

    [Fact]
    public void A_flipped_bit_in_the_parameters_is_caught_by_the_checksum()
    {
        byte[] file = ValidBytes;
        uint stored = BitConverter.ToUInt32(file, file.Length - 4);
        file[ParametersOffset + 17] ^= 0x10;

        AssertRefused(file, $"field 'checksum' is 0x{stored:X8}, expected 0x{Crc32.Compute(file.AsSpan(..^4)):X8} (the CRC-32 of the {file.Length - 4} bytes before it): the file is corrupted.");
    }

    [Fact]
    public void A_wrong_checksum_is_refused()
    {
        AssertRefused((Valid with { Checksum = 0xDEADBEEF }).ToBytes(), "field 'checksum' is 0xDEADBEEF, expected 0x");
    }

    [Fact]
    public void Bytes_after_the_checksum_are_refused()
    {
        byte[] file = (Valid with { Trailing = [0] }).ToBytes();

        AssertRefused(file, $"field 'checksum' is followed by more bytes (at byte {file.Length - 1}): the file must end after it.");
    }

    private static void AssertRefused(byte[] file, string expectedMessagePart) => AssertRefused(Small, file, expectedMessagePart);

    private static void AssertRefused(ModelDescriptor model, byte[] file, string expectedMessagePart)
    {
        float[] storage = Sentinel(model);
        int[] before = Bits(storage);

        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Load(model, storage, new MemoryStream(file)));

        Assert.StartsWith("Cannot load the model file: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bits(storage));
    }
}
