using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;
using static RnnCodegen.Tests.Serialization.SafetensorsFileBuilder;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// One forged, damaged or mismatched part at a time: each is refused with a <see cref="ModelFormatException"/> that
/// names it, through a seekable and a forward-only stream alike, and the model's storage is left untouched.
/// </summary>
public class SafetensorsCorruptionTests
{
    // Small is Input(2) Gru(3) Dense(1): layers.0.weight_ih_l0 [9, 2], weight_hh_l0 [9, 3], bias_ih_l0 [9], bias_hh_l0 [9],
    // layers.1.weight [1, 3], layers.1.bias [1]: 67 floats, 268 bytes of data.
    private static readonly float[] Parameters = Initialized(Small, seed: 3);

    private static SafetensorsEntry[] ValidEntries => Entries(Small, Parameters);

    private static byte[] ValidData => [.. ValidEntries.SelectMany(entry => entry.Data)];

    [Fact]
    public void The_valid_file_the_cases_start_from_loads()
    {
        float[] storage = Sentinel(Small);

        Safetensors.Import(Small, storage, new MemoryStream(File(ValidEntries)));

        Assert.Equal(Bits(Canonical(Small, Parameters)), Bits(Canonical(Small, storage)));
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        AssertRefused([], "empty");
    }

    [Fact]
    public void A_file_that_ends_inside_the_header_length_is_refused()
    {
        AssertRefused(File(ValidEntries)[..5], "ends after 5 bytes", "8-byte safetensors header length");
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData((16UL << 20) + 1)]
    public void A_header_length_beyond_the_limit_is_refused(ulong length)
    {
        byte[] header = Utf8(Header(ValidEntries));

        AssertRefused(File(length, header, ValidData), $"header length is {length} bytes", "more than the 16777216");
    }

    [Fact]
    public void A_header_length_beyond_the_end_of_the_file_is_refused()
    {
        byte[] header = Utf8(Header(ValidEntries));
        ulong length = (ulong)(header.Length + ValidData.Length + 1);

        AssertRefused(File(length, header, ValidData), "safetensors header", $"{length}", "truncated");
    }

    [Fact]
    public void A_header_cut_short_is_refused_as_json()
    {
        string header = Header(ValidEntries);

        AssertRefused(File(header[..(header.Length / 2)], []), "not valid JSON");
    }

    [Theory]
    [InlineData("""[{"layers.0.weight_ih_l0":{}}]""", "must start with '{'")]
    [InlineData(""" {"layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "must start with '{'")]
    [InlineData("""{"layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},}""", "not valid JSON")]
    [InlineData("""{"layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} {}""", "not valid JSON")]
    [InlineData("""{"layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}x""", "not valid JSON")]
    [InlineData("""{"layers.1.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]} // comment""", "not valid JSON")]
    [InlineData("""{"layers.1.b\udc00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "not valid text")]
    public void A_header_that_is_not_a_json_object_is_refused(string header, string problem)
    {
        AssertRefused(File(header, F32(1f)), problem);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_refused()
    {
        byte[] header = Utf8(Header(ValidEntries));
        header[header.Length - 3] = 0xC3; // a two-byte sequence's first byte, followed by an ASCII '}'

        AssertRefused(File(header, ValidData), "not valid UTF-8");
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        AssertRefused(File([.. ValidEntries.Where(entry => entry.Name != "layers.0.bias_hh_l0")]), "'layers.0.bias_hh_l0'", "[9]", "missing");
    }

    [Fact]
    public void A_tensor_of_another_shape_is_named_with_both_shapes()
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[0] = entries[0] with { Shape = "[2,9]" };

        AssertRefused(File(entries), "Tensor 'layers.0.weight_ih_l0' has shape [2, 9] in the file, the model expects [9, 2].");
    }

    [Fact]
    public void A_tensor_with_an_extra_dimension_is_refused()
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[5] = entries[5] with { Shape = "[1,1]" };

        AssertRefused(File(entries), "Tensor 'layers.1.bias' has shape [1, 1] in the file, the model expects [1].");
    }

    [Fact]
    public void An_unexpected_tensor_is_named()
    {
        SafetensorsEntry extra = new("layers.2.weight", "F32", "[1,1]", F32(0.5f));

        AssertRefused(File([.. ValidEntries, extra]), "'layers.2.weight'", "does not");
    }

    [Fact]
    public void A_file_for_another_layer_size_is_refused_by_its_first_tensor()
    {
        var bigger = new ModelDescriptor(2, new LayerSpec(LayerKind.Gru, 4), new LayerSpec(LayerKind.Dense, 1));

        AssertRefused(File(Entries(bigger, Initialized(bigger, seed: 1))), "Tensor 'layers.0.weight_ih_l0' has shape [12, 2] in the file, the model expects [9, 2].");
    }

    [Theory]
    [InlineData("I64", 8, "dtype I64", "F32, F64, F16 or BF16")]
    [InlineData("I32", 4, "'I32'", "does not read")]
    [InlineData("F8_E4M3", 1, "'F8_E4M3'", "does not read")]
    [InlineData("f32", 4, "'f32'", "does not read")]
    public void A_tensor_of_an_unsupported_dtype_is_named(string dtype, int size, string fragment, string explanation)
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[5] = entries[5] with { DType = dtype, Data = new byte[size] };

        AssertRefused(File(entries), "'layers.1.bias'", fragment, explanation);
    }

    [Theory]
    [InlineData("\"dtype\":7", "'dtype'")]
    [InlineData("\"dtype\":\"F32\",\"dtype\":\"F32\"", "'dtype' twice")]
    [InlineData("\"shape\":\"[1]\"", "'shape'")]
    [InlineData("\"shape\":[-1]", "'shape'")]
    [InlineData("\"shape\":[1.5]", "'shape'")]
    [InlineData("\"shape\":[[1]]", "'shape'")]
    [InlineData("\"shape\":[99999999999999999999]", "'shape'")]
    [InlineData("\"shape\":[4294967296,4294967296]", "'shape'")]
    [InlineData("\"shape\":[1],\"shape\":[1]", "'shape' twice")]
    [InlineData("\"data_offsets\":[264]", "'data_offsets'")]
    [InlineData("\"data_offsets\":[264,268,272]", "'data_offsets'")]
    [InlineData("\"data_offsets\":[268,264]", "'data_offsets'")]
    [InlineData("\"data_offsets\":[264,272]", "'data_offsets'")]
    [InlineData("\"data_offsets\":[-4,0]", "'data_offsets'")]
    [InlineData("\"data_offsets\":null", "'data_offsets'")]
    public void A_malformed_field_is_named_with_its_tensor(string fields, string field)
    {
        // The last tensor, layers.1.bias, with its fields replaced; dtype, shape and offsets default to valid ones.
        string dtype = fields.Contains("\"dtype\"", StringComparison.Ordinal) ? "" : "\"dtype\":\"F32\",";
        string shape = fields.Contains("\"shape\"", StringComparison.Ordinal) ? "" : "\"shape\":[1],";
        string offsets = fields.Contains("\"data_offsets\"", StringComparison.Ordinal) ? "" : ",\"data_offsets\":[264,268]";
        string header = Header(ValidEntries[..5])[..^1] + $",\"layers.1.bias\":{{{dtype}{shape}{fields}{offsets}}}}}";

        AssertRefused(File(header, ValidData), "Tensor 'layers.1.bias'", field);
    }

    [Theory]
    [InlineData("dtype")]
    [InlineData("shape")]
    [InlineData("data_offsets")]
    public void A_tensor_without_a_required_field_is_named(string field)
    {
        string entry = string.Join(",", new[] { "\"dtype\":\"F32\"", "\"shape\":[1]", "\"data_offsets\":[264,268]" }.Where(text => !text.StartsWith($"\"{field}\"", StringComparison.Ordinal)));
        string header = Header(ValidEntries[..5])[..^1] + $",\"layers.1.bias\":{{{entry}}}}}";

        AssertRefused(File(header, ValidData), "Tensor 'layers.1.bias'", $"has no '{field}'");
    }

    [Fact]
    public void A_tensor_entry_that_is_not_an_object_is_named()
    {
        string header = Header(ValidEntries[..5])[..^1] + ",\"layers.1.bias\":[264,268]}";

        AssertRefused(File(header, ValidData), "Tensor 'layers.1.bias'", "must be an object");
    }

    [Fact]
    public void A_tensor_named_twice_is_refused()
    {
        SafetensorsEntry[] entries = ValidEntries;

        AssertRefused(File([.. entries, entries[5]]), "'layers.1.bias' twice");
    }

    [Theory]
    [InlineData("""{"format":"pt","epochs":12}""", "'__metadata__' entry 'epochs' must be a string")]
    [InlineData("""["pt"]""", "'__metadata__' must be an object")]
    [InlineData("""{"format":"pt","format":"np"}""", "'__metadata__' has the key 'format' twice")]
    public void Metadata_that_is_not_a_map_of_strings_is_refused(string metadata, string problem)
    {
        AssertRefused(File(ValidEntries, metadata), problem);
    }

    [Fact]
    public void Metadata_given_twice_is_refused()
    {
        string header = Header(ValidEntries)[..^1] + ",\"__metadata__\":{}}";

        AssertRefused(File(header, ValidData), "'__metadata__' twice");
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[1] = entries[1] with { Offsets = "[68,176]" }; // weight_ih_l0 holds [0, 72)

        AssertRefused(File(entries), "Tensor 'layers.0.weight_hh_l0'", "[68, 176]", "overlap");
    }

    [Fact]
    public void A_gap_between_tensors_is_refused()
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[5] = entries[5] with { Offsets = "[268,272]" }; // layers.1.weight ends at 264

        AssertRefused(File(entries), "Tensor 'layers.1.bias'", "[268, 272]", "gap");
    }

    [Fact]
    public void Offsets_beyond_the_data_are_refused_as_truncation_naming_the_tensor()
    {
        SafetensorsEntry[] entries = ValidEntries;
        entries[5] = entries[5] with { Shape = "[1]", Offsets = "[264,268]", Data = [] };

        AssertRefused(File(entries), "truncated", "264 of the 268 bytes", "'layers.1.bias'");
    }

    [Theory]
    [InlineData(1, "layers.0.weight_ih_l0")]
    [InlineData(100, "layers.0.weight_hh_l0")]
    [InlineData(267, "layers.1.bias")]
    public void Truncated_data_is_refused_naming_the_tensor_it_cuts(int length, string cut)
    {
        byte[] header = Utf8(Header(ValidEntries));

        AssertRefused(File(header, ValidData[..length]), "truncated", $"after {length} of the 268 bytes", $"'{cut}'");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5000)]
    public void Bytes_after_the_last_tensor_are_refused(int extra)
    {
        byte[] file = File(ValidEntries);

        AssertRefused([.. file, .. new byte[extra]], "after its last tensor", $"byte {file.Length}");
    }

    /// <summary>Refused through a seekable and a forward-only stream, with every fragment in the message and the storage unchanged.</summary>
    private static void AssertRefused(byte[] file, params string[] fragments)
    {
        foreach (bool seekable in new[] { true, false })
        {
            float[] storage = Sentinel(Small);
            int[] before = Bits(storage);
            Stream stream = seekable ? new MemoryStream(file) : new NonSeekableStream(new MemoryStream(file));

            ModelFormatException error = Assert.Throws<ModelFormatException>(() => Safetensors.Import(Small, storage, stream));

            foreach (string fragment in fragments)
            {
                Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
            }

            Assert.Equal(before, Bits(storage));
        }
    }
}
