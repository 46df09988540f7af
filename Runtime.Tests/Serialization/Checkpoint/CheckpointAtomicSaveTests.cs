using System.IO;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Saving a checkpoint to a path fails at every possible byte: the previous checkpoint must survive whole, and no temporary file may stay.</summary>
public sealed class CheckpointAtomicSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-checkpoint-").FullName;

    private readonly string _path;

    public CheckpointAtomicSaveTests() => _path = Path.Combine(_folder, "training.ckpt");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_save_that_fails_after_any_number_of_bytes_leaves_the_previous_checkpoint()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(1);
        trainer.SaveCheckpoint(_path);
        byte[] previous = File.ReadAllBytes(_path);
        Train(trainer, 1);
        int length = Checkpoint(trainer).Length;

        for (int capacity = 0; capacity <= length; capacity++)
        {
            long room = capacity;
            Assert.Throws<IOException>(() => trainer.SaveCheckpoint(_path, file => new FullDiskStream(file, room)));

            Assert.Equal(previous, File.ReadAllBytes(_path));
            Assert.Equal([_path], Directory.GetFiles(_folder));
        }
    }

    [Fact]
    public void A_failed_first_save_leaves_no_file_at_all()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(1);

        Assert.Throws<IOException>(() => trainer.SaveCheckpoint(_path, file => new FullDiskStream(file, 100)));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_save_with_room_enough_replaces_the_previous_checkpoint()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(1);
        trainer.SaveCheckpoint(_path);
        Train(trainer, 1);
        byte[] expected = Checkpoint(trainer);

        trainer.SaveCheckpoint(_path, file => new FullDiskStream(file, expected.Length + 1));

        Assert.Equal(expected, File.ReadAllBytes(_path));
        Assert.Equal([_path], Directory.GetFiles(_folder));
    }
}
