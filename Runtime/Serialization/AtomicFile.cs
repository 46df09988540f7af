using System;
using System.IO;

namespace RnnCodegen.Serialization;

/// <summary>
/// Replaces a file so that readers, and the disk after a crash, see either the old file or the complete new one:
/// write a temporary file in the same folder (a rename is only atomic within one file system), flush it to the
/// disk, then rename it over the target.
/// </summary>
/// <remarks>
/// <para>A symbolic link is followed: the file it finally points to is replaced, in that file's folder, and the link
/// stays a link. A path that names anything but a regular file or nothing (a directory, a device such as
/// <c>/dev/null</c>, a named pipe, a socket) is refused, because the rename would replace it.</para>
/// <para>The temporary file is named after the target and the writing process (<see cref="TemporaryFiles"/>), so
/// the next save of the same target removes those a killed process left behind.</para>
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>.</summary>
    /// <param name="path">The file to create or replace, or a symbolic link to it.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="interpose">A test seam: wraps the temporary file's stream before <paramref name="write"/> sees it, so a test can make the write fail part way.</param>
    /// <exception cref="IOException"><paramref name="path"/> names something other than a regular file, or the write failed.</exception>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? interpose = null)
    {
        string target = Target(path);
        TemporaryFiles.RemoveStale(target);
        string temporary = TemporaryFiles.NewName(target);

        // Created outside the try: if creation fails there is nothing of ours to delete. FileShare.None also locks
        // the file against another process's cleanup while it is being written.
        var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        try
        {
            using (file)
            {
                Stream destination = interpose?.Invoke(file) ?? file;
                write(destination);
                destination.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DeleteAfterFailure(temporary);
            throw;
        }
    }

    /// <summary>The regular file (existing or not) that <paramref name="path"/> leads to, through any symbolic links.</summary>
    private static string Target(string path)
    {
        string full = Path.GetFullPath(path);
        string target = new FileInfo(full).LinkTarget is null
            ? full
            : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
        string? kind = FileKind.DescribeUnlessRegularOrAbsent(target);
        if (kind is not null)
        {
            string through = target == full ? string.Empty : $" (a symbolic link to '{target}')";
            throw new IOException(
                $"Cannot save to '{path}'{through}: it is {kind}, not a regular file. A save writes a new file and renames it over the path, " +
                "which would replace what is there; give the path of a regular file, or of one to create.");
        }

        return target;
    }

    /// <summary>Removes the temporary file; a failure here must not hide the one being reported.</summary>
    private static void DeleteAfterFailure(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
