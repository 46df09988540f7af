using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

public sealed class ModelFileRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void A_stream_round_trip_restores_every_bit(string name)
    {
        ModelDescriptor model = ByName(name);
        float[] saved = Initialized(model, seed: 7);
        var stream = new MemoryStream();

        ModelFile.Save(model, saved, stream);
        float[] loaded = new float[model.StorageLength];
        ModelFile.Load(model, loaded, new MemoryStream(stream.ToArray()));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void A_path_round_trip_restores_every_bit(string name)
    {
        ModelDescriptor model = ByName(name);
        float[] saved = Initialized(model, seed: 8);
        string path = Path.Combine(_folder, name + ".rnn");

        ModelFile.Save(model, saved, path);
        float[] loaded = new float[model.StorageLength];
        ModelFile.Load(model, loaded, path);

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ModelFileTestModels))]
    public void Special_values_survive_bit_for_bit(string name)
    {
        ModelDescriptor model = ByName(name);
        int[] special =
        [
            unchecked((int)0x80000000), // -0
            0x00000001,                 // smallest subnormal
            unchecked((int)0x807FFFFF), // negative subnormal of largest magnitude
            0x7FC12345,                 // quiet NaN with a payload
            0x7F800001,                 // signaling NaN
            unchecked((int)0xFFC00007), // negative NaN with a payload
            0x7F800000,                 // +infinity
            unchecked((int)0xFF800000), // -infinity
            0x7F7FFFFF,                 // float.MaxValue
        ];
        float[] canonical = Enumerable.Range(0, model.ParameterCount).Select(i => BitConverter.Int32BitsToSingle(special[i % special.Length])).ToArray();
        float[] saved = new float[model.StorageLength];
        model.ScatterCanonical(canonical, saved);
        var stream = new MemoryStream();

        ModelFile.Save(model, saved, stream);
        float[] loaded = new float[model.StorageLength];
        ModelFile.Load(model, loaded, new MemoryStream(stream.ToArray()));

        Assert.Equal(Bits(canonical), Bits(Canonical(model, loaded)));
    }

    [Fact]
    public void Save_writes_the_documented_layout()
    {
        // Parameter i is (i + 1) / 8 with alternating sign: exact in float32, distinct, and in canonical order.
        float[] canonical = Enumerable.Range(0, SmallParameterCount).Select(i => (i + 1) / 8f * (i % 2 == 0 ? 1 : -1)).ToArray();
        float[] storage = new float[Small.StorageLength];
        Small.ScatterCanonical(canonical, storage);
        var expected = new ModelFileBuilder("Input(2) Gru(3) Dense(1, Linear)", canonical)
        {
            Metadata = [("created-by", $"RnnCodegen {typeof(ModelFile).Assembly.GetName().Version}")],
        };
        var stream = new MemoryStream();

        ModelFile.Save(Small, storage, stream);

        Assert.Equal(expected.ToBytes(), stream.ToArray());
    }

    [Fact]
    public void A_forward_only_stream_works_both_ways()
    {
        float[] saved = Initialized(PeepholeLstm, seed: 9);
        var written = new MemoryStream();

        ModelFile.Save(PeepholeLstm, saved, new NonSeekableStream(written));
        float[] loaded = new float[PeepholeLstm.StorageLength];
        ModelFile.Load(PeepholeLstm, loaded, new NonSeekableStream(new MemoryStream(written.ToArray())));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Fact]
    public void Saving_to_a_stream_starts_at_its_position_and_leaves_it_open()
    {
        float[] saved = Initialized(Small, seed: 10);
        var stream = new MemoryStream();
        stream.Write([1, 2, 3]);

        ModelFile.Save(Small, saved, stream);
        stream.Position = 3;
        float[] loaded = new float[Small.StorageLength];
        ModelFile.Load(Small, loaded, stream);

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Fact]
    public void A_storage_of_the_wrong_length_is_an_argument_error()
    {
        var stream = new MemoryStream();

        var save = Assert.Throws<ArgumentException>(() => ModelFile.Save(Small, new float[Small.StorageLength - 1], stream));
        var load = Assert.Throws<ArgumentException>(() => ModelFile.Load(Small, new float[Small.StorageLength + 1], stream));

        Assert.Equal("storage", save.ParamName);
        Assert.Contains($"holds {Small.StorageLength} floats, the span {Small.StorageLength - 1}", save.Message, StringComparison.Ordinal);
        Assert.Equal("storage", load.ParamName);
        Assert.Equal(0, stream.Length);
    }
}
