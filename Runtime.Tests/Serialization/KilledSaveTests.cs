using System.IO;
using System.Linq;
using System.Threading;

namespace RnnCodegen.Tests.Serialization;

/// <summary>About 650 KB of parameters: long enough to write that a kill usually lands in the middle of a save.</summary>
[RecurrentModel(InputSize = 1)]
[Lstm(200)]
[Dense(1)]
public partial class LargeModel;

/// <summary>
/// Saves killed with SIGKILL leave temporary files; the next save of the same target removes those whose writer is
/// gone, and only those: a running writer's, this process's, a locked one, and look-alikes stay.
/// </summary>
public sealed class KilledSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-killed-").FullName;

    private readonly string _path;

    public KilledSaveTests() => _path = Path.Combine(_folder, "model.rnn");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The child process's work: save the same model over and over until killed.</summary>
    public static int SaveForever(string path)
    {
        var model = new LargeModel(1);
        model.Save(path);
        Console.WriteLine("saved");
        while (true)
        {
            model.Save(path);
        }
    }

    [Fact]
    public void Temporaries_of_killed_saves_are_removed_by_the_next_save_and_the_file_stays_whole()
    {
        // Each child's own saves remove what the one before left, so kill until the last kill leaves an orphan.
        byte[] saved = BytesOf(new LargeModel(1));
        for (int kill = 0; kill < 20 && Temporaries().Length == 0; kill++)
        {
            using var child = ChildProcess.Start("save-forever", _path);
            Thread.Sleep(Random.Shared.Next(5, 40));
            child.Kill();

            Assert.Equal(saved, File.ReadAllBytes(_path));
        }

        Assert.True(Temporaries().Length > 0, "no kill landed inside a save: the test proved nothing");

        new LargeModel(2).Save(_path);

        Assert.Equal([_path], Directory.GetFiles(_folder));
        Assert.Equal(BytesOf(new LargeModel(2)), File.ReadAllBytes(_path));
    }

    [Fact]
    public void Only_temporaries_whose_writer_is_gone_and_that_nobody_holds_are_removed()
    {
        new LargeModel(1).Save(_path);
        int gone;
        using (var child = ChildProcess.Start("wait"))
        {
            gone = child.Id;
            child.Kill();
        }

        using var running = ChildProcess.Start("wait");
        string stale = Temporary(gone);
        string held = Temporary(gone);
        string[] kept =
        [
            Temporary(running.Id),
            Temporary(Environment.ProcessId),
            held,
            Path.Combine(_folder, "model.rnn.backup.tmp"),
            Path.Combine(_folder, $"other.rnn.{gone}.{Guid.NewGuid():N}.tmp"),
            Temporary(gone) + ".keep",
        ];
        foreach (string file in kept.Append(stale))
        {
            File.WriteAllText(file, "x");
        }

        using (new FileStream(held, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            new LargeModel(2).Save(_path);
        }

        Assert.False(File.Exists(stale));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }

    private string Temporary(int processId) => $"{_path}.{processId}.{Guid.NewGuid():N}.tmp";

    private string[] Temporaries() => Directory.GetFiles(_folder, "model.rnn.*.tmp");

    private static byte[] BytesOf(LargeModel model)
    {
        var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
