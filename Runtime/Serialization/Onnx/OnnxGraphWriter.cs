using System;
using System.Globalization;
using System.IO;
using static RnnCodegen.Serialization.OnnxFields;

namespace RnnCodegen.Serialization;

/// <summary>Builds a GraphProto: float initializers, nodes with their attributes, and typed inputs and outputs.</summary>
internal sealed class OnnxGraphWriter
{
    private readonly ProtoWriter _graph = new();

    public void Name(string name) => _graph.String(OnnxFields.Graph.Name, name);

    /// <summary>Writes the ModelProto around the graph: IR version, producer, the standard opset and the signature as metadata.</summary>
    public void WriteModel(Stream stream, long irVersion, long opset, string signature)
    {
        var model = new ProtoWriter();
        model.Varint(OnnxFields.Model.IrVersion, irVersion);
        model.String(OnnxFields.Model.ProducerName, "RnnCodegen");
        model.String(OnnxFields.Model.ProducerVersion, typeof(OnnxGraphWriter).Assembly.GetName().Version?.ToString() ?? "");
        model.Message(OnnxFields.Model.Graph, _graph);
        var opsetImport = new ProtoWriter();
        opsetImport.String(OperatorSet.Domain, "");
        opsetImport.Varint(OperatorSet.Version, opset);
        model.Message(OnnxFields.Model.OpsetImport, opsetImport);
        var entry = new ProtoWriter();
        entry.String(Entry.Key, ModelMetadata.SignatureKey);
        entry.String(Entry.Value, signature);
        model.Message(OnnxFields.Model.MetadataProps, entry);
        stream.Write(model.Written);
    }

    public void FloatInitializer(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var tensor = new ProtoWriter();
        foreach (long dim in dims)
        {
            tensor.Varint(Tensor.Dims, dim);
        }

        tensor.Varint(Tensor.DataType, Tensor.FloatType);
        tensor.String(Tensor.Name, name);
        tensor.PackedFloats(Tensor.FloatData, values);
        _graph.Message(OnnxFields.Graph.Initializer, tensor);
    }

    public void Int64Initializer(string name, ReadOnlySpan<long> values)
    {
        var tensor = new ProtoWriter();
        tensor.Varint(Tensor.Dims, values.Length);
        tensor.Varint(Tensor.DataType, Tensor.Int64Type);
        tensor.String(Tensor.Name, name);
        foreach (long value in values)
        {
            tensor.Varint(Tensor.Int64Data, value);
        }

        _graph.Message(OnnxFields.Graph.Initializer, tensor);
    }

    /// <summary>Adds a node; an empty input name marks an optional input left out.</summary>
    public void Node(string opType, string name, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (string input in inputs)
        {
            node.String(OnnxFields.Node.Input, input);
        }

        foreach (string output in outputs)
        {
            node.String(OnnxFields.Node.Output, output);
        }

        node.String(OnnxFields.Node.Name, name);
        node.String(OnnxFields.Node.OpType, opType);
        foreach (ProtoWriter attribute in attributes)
        {
            node.Message(OnnxFields.Node.Attribute, attribute);
        }

        _graph.Message(OnnxFields.Graph.Node, node);
    }

    /// <summary>A graph input or output: a tensor of <paramref name="elementType"/> whose dimensions are numbers or, for the sequence length, a name.</summary>
    public void Value(bool input, string name, int elementType, params string[] dims)
    {
        var shape = new ProtoWriter();
        foreach (string dim in dims)
        {
            var dimension = new ProtoWriter();
            if (long.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                dimension.Varint(ValueInfo.DimensionValue, value);
            }
            else
            {
                dimension.String(ValueInfo.DimensionParameter, dim);
            }

            shape.Message(ValueInfo.Dimension, dimension);
        }

        var tensorType = new ProtoWriter();
        tensorType.Varint(ValueInfo.ElementType, elementType);
        tensorType.Message(ValueInfo.Shape, shape);
        var type = new ProtoWriter();
        type.Message(ValueInfo.TensorType, tensorType);
        var info = new ProtoWriter();
        info.String(ValueInfo.Name, name);
        info.Message(ValueInfo.Type, type);
        _graph.Message(input ? OnnxFields.Graph.Input : OnnxFields.Graph.Output, info);
    }

    public static ProtoWriter IntAttribute(string name, long value) =>
        Attribute(name, OnnxFields.Attribute.IntType, attribute => attribute.Varint(OnnxFields.Attribute.Int, value));

    public static ProtoWriter StringsAttribute(string name, params string[] values) =>
        Attribute(name, OnnxFields.Attribute.StringsType, attribute =>
        {
            foreach (string value in values)
            {
                attribute.String(OnnxFields.Attribute.Strings, value);
            }
        });

    /// <summary>An AttributeProto: its name, the value written by <paramref name="writeValue"/>, and the type that says which field holds it.</summary>
    private static ProtoWriter Attribute(string name, int type, Action<ProtoWriter> writeValue)
    {
        var attribute = new ProtoWriter();
        attribute.String(OnnxFields.Attribute.Name, name);
        writeValue(attribute);
        attribute.Varint(OnnxFields.Attribute.Type, type);
        return attribute;
    }
}
