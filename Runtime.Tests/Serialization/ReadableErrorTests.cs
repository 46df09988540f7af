using System.IO;
using RnnCodegen.Internals;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Messages about a wrong file say what the file is and show what differs, whatever bytes it holds.</summary>
public sealed class ReadableErrorTests
{
    [Fact]
    public void A_device_as_a_safetensors_file_is_named_as_not_a_regular_file()
    {
        var model = new SimpleTanhModel(1);
        float[] before = model.Parameters.ToArray();

        var exception = Assert.Throws<ModelFormatException>(() => model.ImportSafetensors("/dev/zero"));

        Assert.Contains("The stream reports a length of 0 bytes but 8 have been read from it: it is not a regular file", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void A_signature_that_differs_by_a_control_character_shows_it_escaped()
    {
        string forged = Small.Signature.Replace(" Gru", "\a Gru", StringComparison.Ordinal);
        byte[] file = new ModelFileBuilder(forged, new float[Small.ParameterCount]).ToBytes();

        var exception = Assert.Throws<ModelFormatException>(() => ModelFile.Load(Small, new float[Small.StorageLength], new MemoryStream(file)));

        Assert.Contains($"The file holds a model 'Input(2)\\u0007 Gru(3) Dense(1, Linear)', this model is '{Small.Signature}'.", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain ASCII (x) [y] {z}", "plain ASCII (x) [y] {z}")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("zero\u200Bwidth", "zero\\u200Bwidth")]
    [InlineData("right\u202Eleft", "right\\u202Eleft")]
    [InlineData("no\u00A0break", "no\\u00A0break")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("naïve 模型 🙂", "naïve 模型 🙂")]
    public void Text_from_a_file_is_escaped_only_where_it_would_not_show(string text, string shown)
    {
        Assert.Equal(shown, Printable.Escape(text));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        Assert.Equal("lone \\uD800 surrogate", Printable.Escape("lone \uD800 surrogate"));
    }

    [Fact]
    public void A_checkpoint_given_to_a_model_loader_is_named_as_a_checkpoint()
    {
        using var trainer = new Trainer<SimpleTanhModel>(new SimpleTanhModel(1), new Sgd(0.1f), Loss.MeanSquaredError);
        var checkpoint = new MemoryStream();
        trainer.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;

        var exception = Assert.Throws<ModelFormatException>(() => SimpleTanhModel.Load(checkpoint));

        Assert.Contains(
            "this is an RnnCodegen trainer checkpoint (written by Trainer.SaveCheckpoint), not a model file: load it with Trainer.LoadCheckpoint.",
            exception.Message,
            StringComparison.Ordinal);
    }
}
