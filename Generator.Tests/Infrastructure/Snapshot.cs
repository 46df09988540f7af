using System.IO;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated text with a committed baseline, <c>Snapshots/{test}#{hint name}.verified.cs</c>. On a
/// difference the new text goes to a <c>.received.cs</c> file beside it and the test fails naming the first differing
/// line. <c>UPDATE_SNAPSHOTS=1</c> accepts the new text instead (refused under <c>CI=true</c>, where a baseline must
/// never be rewritten to make a build pass).
/// </summary>
internal static class Snapshot
{
    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";

    /// <summary>The Snapshots folder of the source tree (not the bin folder), found from this file's own path.</summary>
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Snapshots"));

    public static void Match(string test, string hintName, string actual)
    {
        Assert.True(Directory.Exists(Folder), $"The snapshot folder {Folder} does not exist: was the test built with a path map?");
        string name = $"{test}#{Path.GetFileNameWithoutExtension(hintName)}";
        string verifiedPath = Path.Combine(Folder, name + VerifiedSuffix);
        string receivedPath = Path.Combine(Folder, name + ReceivedSuffix);
        string received = Normalize(actual);

        if (UpdateRequested())
        {
            Assert.False(IsContinuousIntegration(), "UPDATE_SNAPSHOTS is refused when CI=true: accept snapshots locally and commit them.");
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"No snapshot {name}{VerifiedSuffix} yet. Review {receivedPath} and accept it with UPDATE_SNAPSHOTS=1 (see Generator.Tests/README.md).");
        }

        string verified = Normalize(File.ReadAllText(verifiedPath));
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        (int line, string expectedLine, string actualLine) = FirstDifference(verified, received);
        Assert.Fail(
            $"{name}: the generated text differs from the snapshot at line {line}.\n" +
            $"  expected: {expectedLine}\n" +
            $"  actual:   {actualLine}\n" +
            $"The whole text is in {receivedPath}; if the change is intended, accept it with UPDATE_SNAPSHOTS=1 (see Generator.Tests/README.md).");
    }

    /// <summary>The first line (1-based) where the texts differ; a line one text lacks reads "(end of text)".</summary>
    public static (int Line, string Expected, string Actual) FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            string expectedLine = i < expectedLines.Length ? expectedLines[i] : "(end of text)";
            string actualLine = i < actualLines.Length ? actualLines[i] : "(end of text)";
            if (expectedLine != actualLine)
            {
                return (i + 1, expectedLine, actualLine);
            }
        }

        throw new ArgumentException("The texts are equal.", nameof(actual));
    }

    /// <summary>Baselines are stored with LF (see .gitattributes); a checkout or an emitter with CRLF must not count as a change.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static bool UpdateRequested() => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    private static bool IsContinuousIntegration() =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
