using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>A tensor of an ONNX file: an initializer or a Constant node's value. <see cref="Floats"/> is set for float tensors only.</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[]? Floats)
{
    public string ShapeText => "[" + string.Join(", ", Dims) + "]";
}

/// <summary>One attribute of a node; only the member of its type is set.</summary>
internal sealed record OnnxAttribute(long Int, float Float, string? Text, string[] Texts, OnnxTensor? Tensor);

/// <summary>One node of an ONNX graph.</summary>
internal sealed record OnnxNode(string OpType, string Domain, string Name, string[] Inputs, string[] Outputs, Dictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>The input at <paramref name="index"/>, or empty when it is left out (ONNX marks optional inputs with "").</summary>
    public string Input(int index) => index < Inputs.Length ? Inputs[index] : "";

    public string Describe() => $"{OpType} node '{Name}'";
}

/// <summary>The parts of an ONNX graph the importer reads: nodes in order, constant tensors by name, the graph's inputs.</summary>
internal sealed record OnnxGraph(List<OnnxNode> Nodes, Dictionary<string, OnnxTensor> Constants, HashSet<string> Inputs, string? Signature);
