using System.IO;
using System.Linq;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>The snapshot helper itself: its failure message and the hygiene of the Snapshots folder.</summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("a\nb\nc", "a\nB\nc", 2, "b", "B")]
    [InlineData("a\nb", "a\nb\nc", 3, "(end of text)", "c")]
    [InlineData("a\nb\nc", "a\nb", 3, "c", "(end of text)")]
    [InlineData("a\n", "a", 2, "", "(end of text)")]
    public void The_first_differing_line_is_reported(string expected, string actual, int line, string expectedLine, string actualLine)
    {
        Assert.Equal((line, expectedLine, actualLine), Snapshot.FirstDifference(expected, actual));
    }

    /// <summary>A renamed or removed scenario must take its baseline with it, or the folder fills with dead files.</summary>
    [Fact]
    public void Every_verified_file_belongs_to_a_scenario()
    {
        string[] owners = Directory.GetFiles(Snapshot.Folder, "*.verified.cs")
            .Select(path => Path.GetFileName(path).Split('#')[0])
            .ToArray();

        Assert.NotEmpty(owners);
        Assert.All(owners, owner => Assert.Contains(owner, Scenarios.AllNames));
    }
}
