using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// What a save may replace: a symbolic link is followed and its final target replaced atomically (the link stays a
/// link); anything that exists and is not a regular file is refused by all three savers, and left as it was.
/// </summary>
public sealed class SaveTargetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rnn-target-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Savers => ["Save", "ExportSafetensors", "SaveCheckpoint"];

    [Theory]
    [MemberData(nameof(Savers))]
    public void A_link_chain_is_followed_and_its_final_target_replaced(string saver)
    {
        string models = Directory.CreateDirectory(Path.Combine(_folder, "models")).FullName;
        string target = Path.Combine(models, "model.bin");
        File.WriteAllText(target, "old");
        string middle = Path.Combine(models, "latest");
        File.CreateSymbolicLink(middle, "model.bin");
        string link = Path.Combine(_folder, "current");
        File.CreateSymbolicLink(link, Path.Combine("models", "latest"));

        Save(saver, link);

        Assert.Equal(Expected(saver), File.ReadAllBytes(target));
        Assert.Equal("model.bin", new FileInfo(middle).LinkTarget);
        Assert.Equal(Path.Combine("models", "latest"), new FileInfo(link).LinkTarget);
        Assert.Equal([target], Directory.GetFiles(models).Where(file => file != middle));
    }

    [Fact]
    public void A_dangling_link_gets_its_target_created()
    {
        string target = Path.Combine(_folder, "model.bin");
        string link = Path.Combine(_folder, "current");
        File.CreateSymbolicLink(link, target);

        Save("Save", link);

        Assert.Equal(Expected("Save"), File.ReadAllBytes(target));
        Assert.Equal(target, new FileInfo(link).LinkTarget);
    }

    [Theory]
    [MemberData(nameof(Savers))]
    public void A_named_pipe_is_refused_and_stays(string saver)
    {
        string fifo = Path.Combine(_folder, "pipe");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        AssertRefused(saver, fifo, "a named pipe (FIFO)");
    }

    [Fact]
    public void A_named_pipe_behind_a_link_is_refused_with_both_names()
    {
        string fifo = Path.Combine(_folder, "pipe");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        string link = Path.Combine(_folder, "link");
        File.CreateSymbolicLink(link, fifo);

        IOException exception = Assert.Throws<IOException>(() => Save("Save", link));

        Assert.Contains($"Cannot save to '{link}' (a symbolic link to '{fifo}'): it is a named pipe (FIFO), not a regular file.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_is_refused_and_stays()
    {
        string path = Path.Combine(_folder, "socket");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        AssertRefused("Save", path, "a socket");
    }

    [Theory]
    [MemberData(nameof(Savers))]
    public void A_directory_is_refused_and_stays(string saver)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_folder, "model.bin")).FullName;

        AssertRefused(saver, directory, "a directory");
        Assert.True(Directory.Exists(directory));
    }

    private void AssertRefused(string saver, string path, string kind)
    {
        IOException exception = Assert.Throws<IOException>(() => Save(saver, path));

        Assert.Contains($"Cannot save to '{path}': it is {kind}, not a regular file.", exception.Message, StringComparison.Ordinal);
        Assert.Equal(kind, Describe(path));
        Assert.DoesNotContain(Directory.GetFiles(_folder), file => file.EndsWith(".tmp", StringComparison.Ordinal));
    }

    /// <summary>What the path is, told by stat(1): the independent check that the refused path was left as it was.</summary>
    private static string Describe(string path)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true };
        using Process stat = Process.Start(start)!;
        string type = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return type switch
        {
            "fifo" => "a named pipe (FIFO)",
            "socket" => "a socket",
            "directory" => "a directory",
            _ => type,
        };
    }

    private static void Save(string saver, string path)
    {
        var model = new SimpleTanhModel(3);
        switch (saver)
        {
            case "Save":
                model.Save(path);
                break;
            case "ExportSafetensors":
                model.ExportSafetensors(path);
                break;
            default:
                using (var trainer = new Trainer<SimpleTanhModel>(model, new Sgd(0.1f), Loss.MeanSquaredError))
                {
                    trainer.SaveCheckpoint(path);
                }

                break;
        }
    }

    /// <summary>The bytes <paramref name="saver"/> writes, written to a fresh regular file.</summary>
    private byte[] Expected(string saver)
    {
        string plain = Path.Combine(_folder, "expected-" + saver);
        Save(saver, plain);
        byte[] bytes = File.ReadAllBytes(plain);
        File.Delete(plain);
        return bytes;
    }
}
