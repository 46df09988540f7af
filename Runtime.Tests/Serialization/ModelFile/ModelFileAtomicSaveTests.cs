using System.IO;
using RnnCodegen.Internals;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Saving to a path fails at every possible byte: the previous file must survive whole, and no temporary file may stay.</summary>
public sealed class ModelFileAtomicSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-modelfile-").FullName;

    private readonly string _path;

    private readonly float[] _old = Initialized(Small, seed: 1);

    private readonly float[] _new = Initialized(Small, seed: 2);

    public ModelFileAtomicSaveTests() => _path = Path.Combine(_folder, "model.rnn");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_save_that_fails_after_any_number_of_bytes_leaves_the_previous_file()
    {
        ModelFile.Save(Small, _old, _path);
        byte[] previous = File.ReadAllBytes(_path);
        int length = BytesOf(_new).Length;

        for (int capacity = 0; capacity <= length; capacity++)
        {
            long room = capacity;
            Assert.Throws<IOException>(() => ModelFile.Save(Small, _new, _path, file => new FullDiskStream(file, room)));

            Assert.Equal(previous, File.ReadAllBytes(_path));
            Assert.Equal([_path], Directory.GetFiles(_folder));
        }
    }

    [Fact]
    public void A_failed_first_save_leaves_no_file_at_all()
    {
        Assert.Throws<IOException>(() => ModelFile.Save(Small, _new, _path, file => new FullDiskStream(file, 50)));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_save_with_room_enough_replaces_the_previous_file()
    {
        ModelFile.Save(Small, _old, _path);
        byte[] expected = BytesOf(_new);

        ModelFile.Save(Small, _new, _path, file => new FullDiskStream(file, expected.Length + 1));

        Assert.Equal(expected, File.ReadAllBytes(_path));
        Assert.Equal([_path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Saving_over_a_file_replaces_it()
    {
        ModelFile.Save(Small, _old, _path);

        ModelFile.Save(Small, _new, _path);

        float[] loaded = new float[Small.StorageLength];
        ModelFile.Load(Small, loaded, _path);
        Assert.Equal(Bits(_new), Bits(loaded));
        Assert.Equal([_path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_relative_path_is_saved_beside_its_temporary_file()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, _path);

        ModelFile.Save(Small, _new, relative);

        Assert.Equal(BytesOf(_new), File.ReadAllBytes(_path));
        Assert.Equal([_path], Directory.GetFiles(_folder));
    }

    private static byte[] BytesOf(float[] storage)
    {
        var stream = new MemoryStream();
        ModelFile.Save(Small, storage, stream);
        return stream.ToArray();
    }
}
