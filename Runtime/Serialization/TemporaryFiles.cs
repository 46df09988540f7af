using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace RnnCodegen.Serialization;

/// <summary>
/// Names the temporary files of <see cref="AtomicFile"/> <c>{target name}.{process id}.{32 hex digits}.tmp</c> in the
/// target's folder, and removes those that a killed process left behind when the same target is saved again.
/// </summary>
/// <remarks>
/// A leftover is removed only when both say its writer is gone: no process with its id runs (a process that still
/// runs, or a new one that reuses the id, keeps it), and it can be opened exclusively (a writer holds it with
/// <see cref="FileShare.None"/>, which also covers a writer whose id is not visible here, e.g. in another container).
/// Files of this process are never touched: another thread may be writing them.
/// </remarks>
internal static class TemporaryFiles
{
    private const string Extension = ".tmp";
    private const int GuidDigits = 32;
    private static readonly SearchValues<char> GuidCharacters = SearchValues.Create("0123456789abcdef");

    /// <summary>A new temporary file name for <paramref name="target"/> (a full path), in its folder.</summary>
    public static string NewName(string target) =>
        string.Create(CultureInfo.InvariantCulture, $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}{Extension}");

    /// <summary>Deletes the temporary files of earlier saves of <paramref name="target"/> whose writers are gone.</summary>
    public static void RemoveStale(string target)
    {
        string folder = Path.GetDirectoryName(target)!;
        string prefix = Path.GetFileName(target) + ".";
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string candidate in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            if (WriterOf(Path.GetFileName(candidate), prefix) is int writer && writer != Environment.ProcessId && !IsRunning(writer))
            {
                TryDeleteUnlocked(candidate);
            }
        }
    }

    /// <summary>The process id in <paramref name="fileName"/> if it is a temporary file of the target; otherwise null.</summary>
    private static int? WriterOf(string fileName, string prefix)
    {
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<char> middle = fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - Extension.Length);
        int dot = middle.IndexOf('.');
        if (dot <= 0
            || middle.Length - dot - 1 != GuidDigits
            || middle[(dot + 1)..].ContainsAnyExcept(GuidCharacters)
            || !int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int writer))
        {
            return null;
        }

        return writer;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Deletes <paramref name="path"/> unless someone holds it open; a file that cannot be removed stays.</summary>
    private static void TryDeleteUnlocked(string path)
    {
        try
        {
            using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
