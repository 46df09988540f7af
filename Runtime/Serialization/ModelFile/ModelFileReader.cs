using System.Collections.Generic;
using System.IO;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>Reads and checks a whole model file (any supported version) written for a given model.</summary>
internal static class ModelFileReader
{
    private const string Document = "model file";

    /// <summary>
    /// Reads <paramref name="stream"/> to its end and returns its contents once every field, the checksum and the
    /// end of the stream have been checked. The only allocation whose size the file could influence is the
    /// parameter buffer, and it is sized from <paramref name="model"/> after the file's count agreed with it.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a valid model file for <paramref name="model"/>.</exception>
    public static ModelFileContents Read(ModelDescriptor model, Stream stream)
    {
        var reader = new FrameReader(stream, Document);
        reader.ReadMagic(ModelFileFormat.Magic);
        int version = reader.ReadVersion(ModelFileFormat.OldestVersion, ModelFileFormat.CurrentVersion);

        // Checked before anything else so that loading another model's file says so, not that a count is wrong.
        string signature = reader.ReadString("signature", 1, ModelFileFormat.MaxSignatureBytes);
        if (signature != model.Signature)
        {
            throw reader.Error("signature", $"names another model. The file holds a model '{Printable.Escape(signature)}', this model is '{model.Signature}'.");
        }

        IReadOnlyList<KeyValuePair<string, string>> metadata = version >= ModelFileFormat.Version2 ? ReadMetadata(reader) : [];

        int count = reader.ReadInt32("parameter count");
        if (count != model.ParameterCount)
        {
            throw reader.Error("parameter count", $"is {count}, expected {model.ParameterCount} (the parameters of '{model.Signature}').");
        }

        float[] parameters = new float[model.ParameterCount];
        reader.ReadFloats(parameters, "parameters");
        reader.ReadChecksum();
        reader.ReadEnd();
        return new ModelFileContents(version, signature, metadata, parameters);
    }

    private static List<KeyValuePair<string, string>> ReadMetadata(FrameReader reader)
    {
        int count = reader.ReadCount("metadata entry count", 0, ModelFileFormat.MaxMetadataEntries);
        var entries = new List<KeyValuePair<string, string>>(count);
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString("metadata key", 1, ModelFileFormat.MaxMetadataKeyBytes);
            string value = reader.ReadString("metadata value", 0, ModelFileFormat.MaxMetadataValueBytes);
            if (entries.Exists(entry => entry.Key == key))
            {
                throw reader.Error("metadata key", $"'{Printable.Escape(key)}' appears twice; keys must be unique.");
            }

            entries.Add(new(key, value));
        }

        return entries;
    }
}
