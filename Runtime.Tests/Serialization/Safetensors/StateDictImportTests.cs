using System.IO;
using System.Linq;
using System.Text.Json;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;
using static RnnCodegen.Tests.Serialization.SafetensorsFileBuilder;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// State dicts of users' own PyTorch modules: every tensor lands where its name and shape say, stacked recurrent
/// modules cover consecutive layers, and a file that fits in no order or in several is refused with a listing.
/// The expected names are written out here as PyTorch names them, not derived from the code under test.
/// </summary>
public class StateDictImportTests
{
    /// <summary>Input(3) Lstm(5) Lstm(5) Dense(2): what <c>nn.LSTM(3, 5, num_layers=2)</c> and <c>nn.Linear(5, 2)</c> hold.</summary>
    private static readonly ModelDescriptor TwoLstms = new(3, new LayerSpec(LayerKind.Lstm, 5), new LayerSpec(LayerKind.Lstm, 5), new LayerSpec(LayerKind.Dense, 2));

    private static readonly string[] TwoLstmsAsUserModule =
    [
        "model.encoder.lstm.weight_ih_l0", "model.encoder.lstm.weight_hh_l0", "model.encoder.lstm.bias_ih_l0", "model.encoder.lstm.bias_hh_l0",
        "model.encoder.lstm.weight_ih_l1", "model.encoder.lstm.weight_hh_l1", "model.encoder.lstm.bias_ih_l1", "model.encoder.lstm.bias_hh_l1",
        "model.head.weight", "model.head.bias",
    ];

    /// <summary>Input(4) Dense(4) Dense(4): two Linear(4, 4) fit in either order.</summary>
    private static readonly ModelDescriptor TwoSquareDense = new(4, new LayerSpec(LayerKind.Dense, 4), new LayerSpec(LayerKind.Dense, 4));

    [Fact]
    public void A_stacked_LSTM_under_prefixes_and_a_head_land_in_their_layers_whatever_the_header_order()
    {
        float[] original = Initialized(TwoLstms, seed: 3);
        float[] storage = Sentinel(TwoLstms);

        Safetensors.Import(TwoLstms, storage, new MemoryStream(File(Renamed(TwoLstms, original, TwoLstmsAsUserModule))));

        Assert.Equal(Bits(Canonical(TwoLstms, original)), Bits(Canonical(TwoLstms, storage)));
    }

    [Fact]
    public void An_embedding_a_GRU_and_a_linear_without_any_prefix_in_common_match_by_shape()
    {
        float[] original = Initialized(TokenGru, seed: 4);
        string[] names =
        [
            "embed.weight",
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "decoder.out.weight", "decoder.out.bias",
        ];
        float[] storage = Sentinel(TokenGru);

        Safetensors.Import(TokenGru, storage, new MemoryStream(File(Renamed(TokenGru, original, names))));

        Assert.Equal(Bits(Canonical(TokenGru, original)), Bits(Canonical(TokenGru, storage)));
    }

    [Fact]
    public void A_bare_recurrent_module_saved_without_a_prefix_is_matched()
    {
        var lstmOnly = new ModelDescriptor(3, new LayerSpec(LayerKind.Lstm, 5, Peepholes: true));
        float[] original = Initialized(lstmOnly, seed: 5);
        string[] names = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_peephole_l0"];
        float[] storage = Sentinel(lstmOnly);

        Safetensors.Import(lstmOnly, storage, new MemoryStream(File(Renamed(lstmOnly, original, names))));

        Assert.Equal(Bits(Canonical(lstmOnly, original)), Bits(Canonical(lstmOnly, storage)));
    }

    [Fact]
    public void Modules_that_fit_in_two_orders_are_refused_as_ambiguous_and_the_explicit_overload_settles_it()
    {
        float[] original = Initialized(TwoSquareDense, seed: 6);
        byte[] file = File(Renamed(TwoSquareDense, original, "second.weight", "second.bias", "first.weight", "first.bias"));
        string path = TempFile(file);
        try
        {
            float[] storage = Sentinel(TwoSquareDense);
            var error = Assert.Throws<ModelFormatException>(() => Safetensors.Import(TwoSquareDense, storage, path));
            Assert.Contains("more than one order", error.Message, StringComparison.Ordinal);
            Assert.Contains("first.weight [4, 4]", error.Message, StringComparison.Ordinal);
            Assert.Contains("layer 1 Dense(4, Linear): weight [4, 4], bias [4]", error.Message, StringComparison.Ordinal);
            Assert.Equal(Bits(Sentinel(TwoSquareDense)), Bits(storage));

            Safetensors.Import(TwoSquareDense, storage, path, [new TorchModule("second"), new TorchModule("first")]);

            Assert.Equal(Bits(Canonical(TwoSquareDense, original)), Bits(Canonical(TwoSquareDense, storage)));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Modules_of_other_sizes_are_refused_with_the_files_tensors_beside_the_declarations()
    {
        var wider = new ModelDescriptor(3, new LayerSpec(LayerKind.Lstm, 6), new LayerSpec(LayerKind.Lstm, 6), new LayerSpec(LayerKind.Dense, 2));
        string[] names = [.. TwoLstmsAsUserModule];
        AssertRefused(TwoLstms, File(Renamed(wider, Initialized(wider, seed: 1), names)),
            "no order of its modules", "'model.encoder.lstm' Lstm(3, 6) Lstm(6, 6)", "model.encoder.lstm.weight_hh_l1 [24, 6]",
            "layer 0 Lstm(5): weight_ih_l0 [20, 3], weight_hh_l0 [20, 5], bias_ih_l0 [20], bias_hh_l0 [20]");
    }

    [Fact]
    public void A_module_count_that_cannot_cover_the_declaration_is_named()
    {
        string[] names = [.. TwoLstmsAsUserModule[..4], "head.weight", "head.bias"];
        var oneLstm = new ModelDescriptor(3, new LayerSpec(LayerKind.Lstm, 5), new LayerSpec(LayerKind.Dense, 2));
        AssertRefused(TwoLstms, File(Renamed(oneLstm, Initialized(oneLstm, seed: 1), names)), "hold 2 layers, the declaration 3");
    }

    [Fact]
    public void Bidirectional_tensors_are_refused_by_name()
    {
        var lstm = new ModelDescriptor(3, new LayerSpec(LayerKind.Lstm, 5));
        SafetensorsEntry[] entries = Renamed(lstm, Initialized(lstm, seed: 1), "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0");
        SafetensorsEntry[] reverse = [.. entries.Select(entry => entry with { Name = entry.Name + "_reverse" })];

        AssertRefused(lstm, File([.. entries, .. reverse]), "'lstm.bias_hh_l0_reverse'", "bidirectional");
    }

    [Theory]
    [InlineData("norm.running_mean", "[5]", "'norm.running_mean' is not a parameter")]
    [InlineData("lstm.weight_hr_l0", "[20, 2]", "'lstm.weight_hr_l0' is not a parameter")]
    [InlineData("lstm.weight_ih_l1", "[20, 5]", "module 'lstm' has no weight_hh_l1")]
    [InlineData("lstm.weight_ih_l99999999999", "[20, 5]", "sub-layer 99999999999")]
    public void A_tensor_no_supported_module_holds_is_named(string name, string shape, string fragment)
    {
        var lstm = new ModelDescriptor(3, new LayerSpec(LayerKind.Lstm, 5));
        SafetensorsEntry[] entries = Renamed(lstm, Initialized(lstm, seed: 1), "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0");
        int elements = shape.Trim('[', ']').Split(',').Select(int.Parse).Aggregate(1, (product, dimension) => product * dimension);

        AssertRefused(lstm, File([.. entries, new SafetensorsEntry(name, "F32", shape.Replace(" ", "", StringComparison.Ordinal), F32(new float[elements]))]), fragment);
    }

    [Fact]
    public void Export_under_module_names_writes_what_load_state_dict_expects_and_imports_back()
    {
        float[] original = Initialized(TwoLstms, seed: 7);
        string path = TempFile([]);
        try
        {
            Safetensors.Export(TwoLstms, original, path, [new TorchModule("model.encoder.lstm", 2), new TorchModule("model.head")]);

            byte[] file = System.IO.File.ReadAllBytes(path);
            using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, (int)BitConverter.ToUInt64(file, 0)));
            string[] names = [.. header.RootElement.EnumerateObject().Select(property => property.Name).Where(name => name != "__metadata__")];
            Assert.Equal(TwoLstmsAsUserModule, names);

            float[] storage = Sentinel(TwoLstms);
            Safetensors.Import(TwoLstms, storage, path);
            Assert.Equal(Bits(Canonical(TwoLstms, original)), Bits(Canonical(TwoLstms, storage)));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { 1, 1 }, "cover 2 layers")]
    [InlineData(new[] { "a", "b" }, new[] { 2, 2 }, "covers 2 layers, but 1 of the 3")]
    [InlineData(new[] { "a" }, new[] { 3 }, "layer 2 Dense(2, Linear)")]
    [InlineData(new[] { "a", "a" }, new[] { 2, 1 }, "'a' is given twice")]
    [InlineData(new[] { "a", "b" }, new[] { 0, 3 }, "covers 0 layers")]
    public void Modules_that_do_not_cover_the_layers_one_to_one_are_an_argument_error(string[] names, int[] layers, string fragment)
    {
        TorchModule[] modules = [.. names.Zip(layers, (name, count) => new TorchModule(name, count))];
        float[] storage = Initialized(TwoLstms, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => Safetensors.Export(TwoLstms, storage, Path.Combine(Path.GetTempPath(), "never-written.safetensors"), modules));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The model's tensors (values gathered from <paramref name="storage"/>) under <paramref name="names"/>, in the name-sorted order the safetensors library writes.</summary>
    private static SafetensorsEntry[] Renamed(ModelDescriptor model, float[] storage, params string[] names)
    {
        Assert.Equal(model.Tensors.Count, names.Length);
        return [.. Entries(model, storage).Zip(names, (entry, name) => entry with { Name = name }).OrderBy(entry => entry.Name, StringComparer.Ordinal)];
    }

    private static void AssertRefused(ModelDescriptor model, byte[] file, params string[] fragments)
    {
        float[] storage = Sentinel(model);
        var error = Assert.Throws<ModelFormatException>(() => Safetensors.Import(model, storage, new MemoryStream(file)));
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Bits(Sentinel(model)), Bits(storage));
    }

    private static string TempFile(byte[] contents)
    {
        string path = Path.Combine(Path.GetTempPath(), $"statedict-{Guid.NewGuid():N}.safetensors");
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }
}
