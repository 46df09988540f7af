using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using static RnnCodegen.Serialization.OnnxFields;

namespace RnnCodegen.Serialization;

/// <summary>
/// Parses the messages of an ONNX file an RNN graph uses (ModelProto, GraphProto, NodeProto, AttributeProto,
/// TensorProto) and skips every other field. Tensor data is copied out only for float tensors, whose size the file
/// length already bounds.
/// </summary>
internal static class OnnxModelReader
{
    public static OnnxGraph Read(ReadOnlySpan<byte> file)
    {
        var reader = new ProtoReader(file, "ModelProto");
        OnnxGraph? graph = null;
        long opset = -1;
        string? signature = null;
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            switch (field)
            {
                case Model.Graph:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    graph = ReadGraph(reader.LengthDelimited());
                    break;
                case Model.OpsetImport:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    (string domain, long version) = ReadOpset(reader.LengthDelimited());
                    if (domain is "" or "ai.onnx")
                    {
                        opset = version;
                    }

                    break;
                case Model.MetadataProps:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    (string key, string value) = ReadEntry(reader.LengthDelimited());
                    if (key == ModelMetadata.SignatureKey)
                    {
                        signature = value;
                    }

                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (graph is null)
        {
            throw new ModelFormatException("The file is not an ONNX model: it has no graph (ModelProto field 7).");
        }

        if (opset < 0)
        {
            throw new ModelFormatException("The ONNX model imports no version of the standard operator set (domain \"\" or \"ai.onnx\").");
        }

        return graph with { Signature = signature };
    }

    private static OnnxGraph ReadGraph(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "GraphProto");
        var nodes = new List<OnnxNode>();
        var constants = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            switch (field)
            {
                case OnnxFields.Graph.Node:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    OnnxNode node = ReadNode(reader.LengthDelimited());
                    nodes.Add(node);
                    if (node.OpType == "Constant" && node.Outputs.Length == 1 && node.Attributes.TryGetValue("value", out OnnxAttribute? value) && value.Tensor is not null)
                    {
                        AddConstant(constants, value.Tensor with { Name = node.Outputs[0] });
                    }

                    break;
                case OnnxFields.Graph.Initializer:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    AddConstant(constants, ReadTensor(reader.LengthDelimited()));
                    break;
                case OnnxFields.Graph.Input:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    inputs.Add(ReadValueName(reader.LengthDelimited()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        inputs.ExceptWith(constants.Keys); // older exporters list initializers among the inputs too
        return new OnnxGraph(nodes, constants, inputs, null);
    }

    private static void AddConstant(Dictionary<string, OnnxTensor> constants, OnnxTensor tensor)
    {
        if (!constants.TryAdd(tensor.Name, tensor))
        {
            throw new ModelFormatException($"The ONNX graph defines the tensor '{tensor.Name}' twice.");
        }
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "NodeProto");
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string opType = "", domain = "", name = "";
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            if (field is OnnxFields.Node.Input or OnnxFields.Node.Output or OnnxFields.Node.Name or OnnxFields.Node.OpType or OnnxFields.Node.Domain or OnnxFields.Node.Attribute)
            {
                reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                ReadOnlySpan<byte> value = reader.LengthDelimited();
                switch (field)
                {
                    case OnnxFields.Node.Input: inputs.Add(Text(value)); break;
                    case OnnxFields.Node.Output: outputs.Add(Text(value)); break;
                    case OnnxFields.Node.Name: name = Text(value); break;
                    case OnnxFields.Node.OpType: opType = Text(value); break;
                    case OnnxFields.Node.Domain: domain = Text(value); break;
                    default:
                        (string attributeName, OnnxAttribute attribute) = ReadAttribute(value);
                        if (!attributes.TryAdd(attributeName, attribute))
                        {
                            throw new ModelFormatException($"The ONNX node '{name}' ({opType}) has the attribute '{attributeName}' twice.");
                        }

                        break;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new OnnxNode(opType, domain, name, [.. inputs], [.. outputs], attributes);
    }

    private static (string Name, OnnxAttribute Value) ReadAttribute(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "AttributeProto");
        string name = "";
        long integer = 0;
        float number = 0;
        string? text = null;
        var texts = new List<string>();
        OnnxTensor? tensor = null;
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            switch (field)
            {
                case OnnxFields.Attribute.Name:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    name = Text(reader.LengthDelimited());
                    break;
                case OnnxFields.Attribute.Int:
                    reader.Expect(field, wire, ProtoReader.VarintWire);
                    integer = (long)reader.Varint();
                    break;
                case OnnxFields.Attribute.Float:
                    reader.Expect(field, wire, ProtoReader.Fixed32Wire);
                    number = reader.Fixed32Float();
                    break;
                case OnnxFields.Attribute.String:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    text = Text(reader.LengthDelimited());
                    break;
                case OnnxFields.Attribute.Strings:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    texts.Add(Text(reader.LengthDelimited()));
                    break;
                case OnnxFields.Attribute.Tensor:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    tensor = ReadTensor(reader.LengthDelimited());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return (name, new OnnxAttribute(integer, number, text, [.. texts], tensor));
    }

    private static OnnxTensor ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "TensorProto");
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        ReadOnlySpan<byte> raw = default;
        var floats = new List<float>();
        bool external = false;
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            switch (field)
            {
                case Tensor.Dims when wire == ProtoReader.VarintWire:
                    dims.Add((long)reader.Varint());
                    break;
                case Tensor.Dims:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    var packed = new ProtoReader(reader.LengthDelimited(), "TensorProto dims");
                    while (!packed.AtEnd)
                    {
                        dims.Add((long)packed.Varint());
                    }

                    break;
                case Tensor.DataType:
                    reader.Expect(field, wire, ProtoReader.VarintWire);
                    dataType = (int)Math.Min(reader.Varint(), int.MaxValue);
                    break;
                case Tensor.Name:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    name = Text(reader.LengthDelimited());
                    break;
                case Tensor.RawData:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    raw = reader.LengthDelimited();
                    break;
                case Tensor.FloatData when wire == ProtoReader.Fixed32Wire:
                    floats.Add(reader.Fixed32Float());
                    break;
                case Tensor.FloatData:
                    reader.Expect(field, wire, ProtoReader.LengthDelimitedWire);
                    ReadOnlySpan<byte> packedFloats = reader.LengthDelimited();
                    if (packedFloats.Length % sizeof(float) != 0)
                    {
                        throw reader.Damaged($"packed float_data of {packedFloats.Length} bytes, not a multiple of 4");
                    }

                    for (int i = 0; i < packedFloats.Length; i += sizeof(float))
                    {
                        floats.Add(System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(packedFloats[i..]));
                    }

                    break;
                case Tensor.DataLocation:
                    reader.Expect(field, wire, ProtoReader.VarintWire);
                    external = reader.Varint() != 0;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (external)
        {
            throw new ModelFormatException($"The ONNX tensor '{name}' keeps its data in an external file; import a model saved with its weights inside.");
        }

        long count = 1;
        foreach (long dim in dims)
        {
            if (dim < 0 || (dim > 0 && count > long.MaxValue / dim))
            {
                throw new ModelFormatException($"The ONNX tensor '{name}' has dimensions [{string.Join(", ", dims)}], which are negative or overflow.");
            }

            count *= dim;
        }

        float[]? values = null;
        if (dataType == Tensor.FloatType)
        {
            if (!raw.IsEmpty)
            {
                if (raw.Length != count * sizeof(float))
                {
                    throw new ModelFormatException($"The ONNX tensor '{name}' of shape [{string.Join(", ", dims)}] has {raw.Length} bytes of raw data; {count} floats need {count * sizeof(float)}.");
                }

                values = new float[count];
                raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan())); // ONNX raw data is little-endian, as every .NET 10 platform is
            }
            else
            {
                if (floats.Count != count)
                {
                    throw new ModelFormatException($"The ONNX tensor '{name}' of shape [{string.Join(", ", dims)}] has {floats.Count} floats; it needs {count}.");
                }

                values = [.. floats];
            }
        }

        return new OnnxTensor(name, [.. dims], dataType, values);
    }

    private static string ReadValueName(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "ValueInfoProto");
        string name = "";
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            if (field == ValueInfo.Name && wire == ProtoReader.LengthDelimitedWire)
            {
                name = Text(reader.LengthDelimited());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return name;
    }

    private static (string Domain, long Version) ReadOpset(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "OperatorSetIdProto");
        string domain = "";
        long version = 0;
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            if (field == OperatorSet.Domain && wire == ProtoReader.LengthDelimitedWire)
            {
                domain = Text(reader.LengthDelimited());
            }
            else if (field == OperatorSet.Version && wire == ProtoReader.VarintWire)
            {
                version = (long)reader.Varint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (domain, version);
    }

    private static (string Key, string Value) ReadEntry(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, "StringStringEntryProto");
        string key = "", value = "";
        while (!reader.AtEnd)
        {
            (int field, int wire) = reader.Tag();
            if (field is Entry.Key or Entry.Value && wire == ProtoReader.LengthDelimitedWire)
            {
                string text = Text(reader.LengthDelimited());
                (key, value) = field == Entry.Key ? (text, value) : (key, text);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            throw new ModelFormatException("The ONNX file has a name or string that is not valid UTF-8.", error);
        }
    }
}
