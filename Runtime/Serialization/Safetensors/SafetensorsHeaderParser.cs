using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Unicode;

namespace RnnCodegen.Serialization;

/// <summary>
/// Parses the JSON header of a safetensors file with <see cref="Utf8JsonReader"/> (no reflection, so NativeAOT
/// and trimming safe) and checks each entry on its own: field types, dtype, shape, and offsets that agree with them.
/// How the entries fit together in the data section is <see cref="SafetensorsHeader"/>'s check.
/// </summary>
internal static class SafetensorsHeaderParser
{
    /// <summary>The reserved key of the free-form string-to-string map.</summary>
    public const string MetadataKey = "__metadata__";

    private const string DTypeField = "dtype";
    private const string ShapeField = "shape";
    private const string OffsetsField = "data_offsets";

    /// <summary>Parses and checks the header bytes (without the 8-byte length before them).</summary>
    /// <exception cref="ModelFormatException">The header is not valid UTF-8 JSON of the safetensors shape.</exception>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw new ModelFormatException("The safetensors header is not valid UTF-8.");
        }

        // The format requires the object to open at the first byte; this also refuses a byte-order mark.
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new ModelFormatException("The safetensors header is not a JSON object: it must start with '{'.");
        }

        var reader = new Utf8JsonReader(json);
        var tensors = new List<SafetensorsTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            reader.Read();
            while (NextProperty(ref reader))
            {
                string key = reader.GetString()!;
                if (!keys.Add(key))
                {
                    throw new ModelFormatException($"The safetensors header has the key '{Printable.Escape(key)}' twice.");
                }

                reader.Read();
                if (key == MetadataKey)
                {
                    ReadMetadata(ref reader, metadata);
                }
                else
                {
                    tensors.Add(ReadTensor(ref reader, key));
                }
            }

            // Past the closing brace only whitespace may follow (the format pads with spaces); the reader throws otherwise.
            reader.Read();
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException($"The safetensors header is not valid JSON: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            // Only GetString throws this here (token types are checked first): an escape that is not valid UTF-16.
            throw new ModelFormatException($"The safetensors header holds a string that is not valid text: {exception.Message}", exception);
        }

        return new SafetensorsHeader(tensors, metadata);
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ModelFormatException($"The safetensors header's '{MetadataKey}' must be an object of strings, found {Describe(reader.TokenType)}.");
        }

        while (NextProperty(ref reader))
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ModelFormatException($"The safetensors header's '{MetadataKey}' entry '{Printable.Escape(key)}' must be a string, found {Describe(reader.TokenType)}.");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new ModelFormatException($"The safetensors header's '{MetadataKey}' has the key '{Printable.Escape(key)}' twice.");
            }
        }
    }

    private static SafetensorsTensorInfo ReadTensor(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw TensorError(name, $"must be an object with '{DTypeField}', '{ShapeField}' and '{OffsetsField}', found {Describe(reader.TokenType)}.");
        }

        SafetensorsDType? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (NextProperty(ref reader))
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case DTypeField:
                    RefuseRepeat(dtype is not null, name, field);
                    dtype = ReadDType(ref reader, name);
                    break;
                case ShapeField:
                    RefuseRepeat(shape is not null, name, field);
                    shape = ReadNaturals(ref reader, name, field);
                    break;
                case OffsetsField:
                    RefuseRepeat(offsets is not null, name, field);
                    offsets = ReadNaturals(ref reader, name, field);
                    break;
                default:
                    // Unknown fields are ignored, as the reference implementation does.
                    reader.Skip();
                    break;
            }
        }

        return Check(
            name,
            dtype ?? throw TensorError(name, $"has no '{DTypeField}'."),
            shape ?? throw TensorError(name, $"has no '{ShapeField}'."),
            offsets ?? throw TensorError(name, $"has no '{OffsetsField}'."));
    }

    /// <summary>Checks that the offsets hold exactly the bytes the dtype and shape call for.</summary>
    private static SafetensorsTensorInfo Check(string name, SafetensorsDType dtype, long[] shape, long[] offsets)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension != 0 && count > long.MaxValue / dtype.Size() / dimension)
            {
                throw TensorError(name, $"has '{ShapeField}' [{string.Join(", ", shape)}]: more bytes than any file can hold.");
            }

            count *= dimension;
        }

        if (offsets.Length != 2)
        {
            throw TensorError(name, $"has '{OffsetsField}' with {offsets.Length} numbers, expected 2: [begin, end].");
        }

        (long begin, long end) = (offsets[0], offsets[1]);
        if (begin > end)
        {
            throw TensorError(name, $"has '{OffsetsField}' [{begin}, {end}]: begin is after end.");
        }

        long bytes = count * dtype.Size();
        if (end - begin != bytes)
        {
            throw TensorError(name, $"has '{OffsetsField}' [{begin}, {end}], {end - begin} bytes, but {dtype} of shape [{string.Join(", ", shape)}] takes {bytes}.");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, count, begin, end);
    }

    private static SafetensorsDType ReadDType(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw TensorError(name, $"has a '{DTypeField}' that is {Describe(reader.TokenType)}, expected a string.");
        }

        string text = reader.GetString()!;
        return SafetensorsDTypes.Parse(text)
            ?? throw TensorError(name, $"has '{DTypeField}' '{text}', which RnnCodegen does not read: it reads F32, F64, F16 and BF16 (and I64 for token data).");
    }

    /// <summary>Reads an array of non-negative 64-bit integers, as shapes and offsets are.</summary>
    private static long[] ReadNaturals(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw TensorError(name, $"has a '{field}' that is {Describe(reader.TokenType)}, expected an array of integers.");
        }

        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                throw TensorError(name, $"has a '{field}' element that is not an integer from 0 to {long.MaxValue}.");
            }

            values.Add(value);
        }

        return [.. values];
    }

    private static void RefuseRepeat(bool seen, string name, string field)
    {
        if (seen)
        {
            throw TensorError(name, $"has '{field}' twice.");
        }
    }

    private static ModelFormatException TensorError(string name, string problem) =>
        new($"Tensor '{Printable.Escape(name)}' in the safetensors header {problem}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };
}
