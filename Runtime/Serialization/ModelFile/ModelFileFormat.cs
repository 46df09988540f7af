using System;
using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>The constants of the native model file format; docs/model-file-format.md describes every field.</summary>
internal static class ModelFileFormat
{
    /// <summary>Version 1: magic, version, signature, parameters, checksum.</summary>
    public const int Version1 = 1;

    /// <summary>Version 2 adds the metadata entries after the signature.</summary>
    public const int Version2 = 2;

    /// <summary>The version <see cref="Internals.ModelFile"/> writes.</summary>
    public const int CurrentVersion = Version2;

    /// <summary>The oldest version <see cref="Internals.ModelFile"/> still reads.</summary>
    public const int OldestVersion = Version1;

    /// <summary>Upper bound of the signature's UTF-8 length: room for well over a hundred layers.</summary>
    public const int MaxSignatureBytes = 4096;

    /// <summary>Upper bound of the number of metadata entries.</summary>
    public const int MaxMetadataEntries = 16;

    /// <summary>Upper bound of a metadata key's UTF-8 length.</summary>
    public const int MaxMetadataKeyBytes = 64;

    /// <summary>Upper bound of a metadata value's UTF-8 length.</summary>
    public const int MaxMetadataValueBytes = 1024;

    /// <summary>The metadata key naming the library version that wrote the file.</summary>
    public const string CreatedByKey = "created-by";

    /// <summary>
    /// "\x89RNN\r\n\x1A\n", PNG's recipe: the high byte catches 7-bit transfers and marks the file as binary,
    /// CR LF and LF catch line-ending conversion, and 0x1A stops a DOS <c>type</c>.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'R', (byte)'N', (byte)'N', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The entries every file this library writes carries.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> WrittenMetadata { get; } =
    [
        new(CreatedByKey, $"RnnCodegen {typeof(ModelFileFormat).Assembly.GetName().Version}"),
    ];
}
