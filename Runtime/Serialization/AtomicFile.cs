using System;
using System.IO;

namespace RnnCodegen.Serialization;

/// <summary>
/// Replaces a file so that readers, and the disk after a crash, see either the old file or the complete new one:
/// write a temporary file in the same folder (a rename is only atomic within one file system), flush it to the
/// disk, then rename it over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="interpose">A test seam: wraps the temporary file's stream before <paramref name="write"/> sees it, so a test can make the write fail part way.</param>
    public static void Write(string path, Action<Stream> write, Func<Stream, Stream>? interpose = null)
    {
        string target = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

        // Created outside the try: if creation fails there is nothing of ours to delete.
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
