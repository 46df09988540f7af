using System.Collections.Generic;
using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Files of every supported version keep loading. The fixtures were written by the Python reference writer in
/// docs/model-file-format.md, so they also check that the document and the reader agree.
/// </summary>
public class ModelFileVersionTests
{
    private static readonly ModelDescriptor FixtureModel = new(2, new LayerSpec(LayerKind.SimpleRnn, 3, Activation.Tanh), new LayerSpec(LayerKind.Dense, 1));

    /// <summary>The fixtures' parameters: (i + 1) / 8 with alternating sign, for the 6 + 9 + 3 + 3 + 3 + 1 = 25 of the model.</summary>
    private static readonly float[] FixtureParameters = Enumerable.Range(0, 25).Select(i => (i + 1) / 8f * (i % 2 == 0 ? 1 : -1)).ToArray();

    [Theory]
    [InlineData("simple-rnn-v1.rnn")]
    [InlineData("simple-rnn-v2.rnn")]
    public void A_committed_file_of_every_version_still_loads(string fixture)
    {
        float[] storage = new float[FixtureModel.StorageLength];

        ModelFile.Load(FixtureModel, storage, FixturePath(fixture));

        Assert.Equal(Bits(FixtureParameters), Bits(Canonical(FixtureModel, storage)));
    }

    [Fact]
    public void The_version1_fixture_is_the_documented_version1_layout()
    {
        byte[] expected = new ModelFileBuilder(FixtureModel.Signature, FixtureParameters) { Version = 1 }.ToBytes();

        Assert.Equal(expected, File.ReadAllBytes(FixturePath("simple-rnn-v1.rnn")));
    }

    [Fact]
    public void A_version2_file_keeps_its_metadata_and_unknown_keys_are_accepted()
    {
        using FileStream stream = File.OpenRead(FixturePath("simple-rnn-v2.rnn"));

        ModelFileContents contents = ModelFileReader.Read(FixtureModel, stream);

        Assert.Equal(2, contents.Version);
        Assert.Equal(
            [
                new("created-by", "docs/model-file-format.md reference writer"),
                new KeyValuePair<string, string>("note", "readers skip keys they do not know"),
            ],
            contents.Metadata);
    }

    [Fact]
    public void A_version1_file_has_no_metadata()
    {
        using FileStream stream = File.OpenRead(FixturePath("simple-rnn-v1.rnn"));

        ModelFileContents contents = ModelFileReader.Read(FixtureModel, stream);

        Assert.Equal(1, contents.Version);
        Assert.Empty(contents.Metadata);
    }

    [Fact]
    public void Saving_writes_the_current_version_and_names_the_writer()
    {
        var stream = new MemoryStream();
        ModelFile.Save(FixtureModel, new float[FixtureModel.StorageLength], stream);
        stream.Position = 0;

        ModelFileContents contents = ModelFileReader.Read(FixtureModel, stream);

        Assert.Equal(2, contents.Version);
        KeyValuePair<string, string> createdBy = Assert.Single(contents.Metadata);
        Assert.Equal("created-by", createdBy.Key);
        Assert.Equal($"RnnCodegen {typeof(ModelFile).Assembly.GetName().Version}", createdBy.Value);
    }

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "modelfile", name);
}
