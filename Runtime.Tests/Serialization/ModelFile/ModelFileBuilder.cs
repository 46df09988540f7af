using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using RnnCodegen.Serialization;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Assembles a model file field by field as docs/model-file-format.md describes it, independently of the
/// library's writer: the tests' reference for valid files of either version, and the way to forge any one field.
/// Null overrides mean "the value that makes the file valid".
/// </summary>
internal sealed record ModelFileBuilder(string Signature, float[] Parameters)
{
    public static readonly byte[] ValidMagic = [0x89, 0x52, 0x4E, 0x4E, 0x0D, 0x0A, 0x1A, 0x0A];

    public byte[] Magic { get; init; } = ValidMagic;

    public uint Version { get; init; } = 2;

    /// <summary>The signature field's bytes; null means the UTF-8 of <see cref="Signature"/>.</summary>
    public byte[]? SignatureBytes { get; init; }

    public int? SignatureLength { get; init; }

    public IReadOnlyList<(string Key, string Value)> Metadata { get; init; } = [("created-by", "ModelFileBuilder")];

    public int? MetadataCount { get; init; }

    public int? ParameterCount { get; init; }

    public uint? Checksum { get; init; }

    public byte[] Trailing { get; init; } = [];

    public byte[] ToBytes()
    {
        var body = new MemoryStream();
        body.Write(Magic);
        WriteUInt32(body, Version);
        byte[] signature = SignatureBytes ?? Encoding.UTF8.GetBytes(Signature);
        WriteInt32(body, SignatureLength ?? signature.Length);
        body.Write(signature);
        if (Version >= 2)
        {
            WriteInt32(body, MetadataCount ?? Metadata.Count);
            foreach ((string key, string value) in Metadata)
            {
                WriteText(body, key);
                WriteText(body, value);
            }
        }

        WriteInt32(body, ParameterCount ?? Parameters.Length);
        Span<byte> floatBytes = stackalloc byte[4];
        foreach (float value in Parameters)
        {
            BinaryPrimitives.WriteSingleLittleEndian(floatBytes, value);
            body.Write(floatBytes);
        }

        WriteUInt32(body, Checksum ?? Crc32.Compute(body.ToArray()));
        body.Write(Trailing);
        return body.ToArray();
    }

    private static void WriteText(MemoryStream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteInt32(MemoryStream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteUInt32(MemoryStream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
