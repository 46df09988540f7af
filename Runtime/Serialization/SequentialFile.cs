using System.IO;

namespace RnnCodegen.Serialization;

/// <summary>How every loader opens a file: read once from start to end, while other readers may open it too.</summary>
internal static class SequentialFile
{
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
}
