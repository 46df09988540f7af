using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RnnCodegen.Serialization;

/// <summary>
/// Tells a regular file from what else a path can name (a directory, a device, a named pipe, a socket), so that a
/// save never renames a new file over something that is not a file. .NET shows devices and pipes as files, so on
/// Linux this asks the kernel (statx, whose layout is the same on every architecture); elsewhere, or where the C
/// library lacks statx, only a directory is told apart.
/// </summary>
internal static partial class FileKind
{
    private const int CurrentDirectory = -100;      // AT_FDCWD
    private const int DoNotFollowLinks = 0x100;     // AT_SYMLINK_NOFOLLOW
    private const uint TypeOnly = 0x1;              // STATX_TYPE
    private const int ModeOffset = 28;              // stx_mode in struct statx
    private const int StatxBytes = 256;

    private static bool s_noStatx;

    /// <summary>
    /// Null when <paramref name="path"/> names a regular file or nothing; otherwise what it names, e.g. "a character
    /// device". A symbolic link is not followed: it is "a symbolic link".
    /// </summary>
    public static string? DescribeUnlessRegularOrAbsent(string path)
    {
        if (OperatingSystem.IsLinux() && !s_noStatx)
        {
            try
            {
                return DescribeOnLinux(path);
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                // A C library without statx (glibc before 2.28, older musl): fall back to what .NET can tell.
                s_noStatx = true;
            }
        }

        return Directory.Exists(path) ? "a directory" : null;
    }

    private static unsafe string? DescribeOnLinux(string path)
    {
        byte* buffer = stackalloc byte[StatxBytes];
        if (Statx(CurrentDirectory, path, DoNotFollowLinks, TypeOnly, buffer) != 0)
        {
            // Nothing there, or a path that cannot be examined (through a file, no permission): the file operations
            // that follow create the file or report the problem in their own words.
            return null;
        }

        ushort mode = *(ushort*)(buffer + ModeOffset);
        return (mode & 0xF000) switch
        {
            0x8000 => null,
            0x4000 => "a directory",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a named pipe (FIFO)",
            0xC000 => "a socket",
            0xA000 => "a symbolic link",
            _ => "not a regular file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
