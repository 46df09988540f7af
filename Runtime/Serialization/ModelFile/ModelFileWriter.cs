using System;
using System.Collections.Generic;
using System.IO;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>Writes a model file of the current format version.</summary>
internal static class ModelFileWriter
{
    /// <summary>Writes <paramref name="canonical"/> (state-dict order) as the parameters of <paramref name="model"/>.</summary>
    public static void Write(ModelDescriptor model, ReadOnlySpan<float> canonical, Stream stream)
    {
        var writer = new FrameWriter(stream);
        writer.WriteBytes(ModelFileFormat.Magic);
        writer.WriteUInt32(ModelFileFormat.CurrentVersion);
        writer.WriteString(model.Signature, "signature", ModelFileFormat.MaxSignatureBytes);
        writer.WriteInt32(ModelFileFormat.WrittenMetadata.Count);
        foreach (KeyValuePair<string, string> entry in ModelFileFormat.WrittenMetadata)
        {
            writer.WriteString(entry.Key, "metadata key", ModelFileFormat.MaxMetadataKeyBytes);
            writer.WriteString(entry.Value, "metadata value", ModelFileFormat.MaxMetadataValueBytes);
        }

        writer.WriteInt32(canonical.Length);
        writer.WriteFloats(canonical);
        writer.WriteChecksum();
    }
}
