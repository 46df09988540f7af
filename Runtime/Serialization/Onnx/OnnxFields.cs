namespace RnnCodegen.Serialization;

/// <summary>
/// The field numbers and enum values of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) that
/// RnnCodegen writes and reads; the few messages an RNN graph needs, nothing else.
/// </summary>
internal static class OnnxFields
{
    /// <summary>ModelProto.</summary>
    public static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int Graph = 7;
        public const int OpsetImport = 8;
        public const int MetadataProps = 14;
    }

    /// <summary>OperatorSetIdProto.</summary>
    public static class OperatorSet
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    /// <summary>StringStringEntryProto.</summary>
    public static class Entry
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    /// <summary>GraphProto.</summary>
    public static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
    }

    /// <summary>NodeProto.</summary>
    public static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
        public const int Domain = 7;
    }

    /// <summary>AttributeProto and the AttributeType values RnnCodegen writes.</summary>
    public static class Attribute
    {
        public const int Name = 1;
        public const int Float = 2;
        public const int Int = 3;
        public const int String = 4;
        public const int Tensor = 5;
        public const int Strings = 9;
        public const int Type = 20;

        public const int IntType = 2;
        public const int StringsType = 8;
    }

    /// <summary>TensorProto and its DataType values.</summary>
    public static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int FloatData = 4;
        public const int Int64Data = 7;
        public const int Name = 8;
        public const int RawData = 9;
        public const int DataLocation = 14;

        public const int FloatType = 1;
        public const int Int64Type = 7;
    }

    /// <summary>ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension.</summary>
    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
        public const int TensorType = 1;
        public const int ElementType = 1;
        public const int Shape = 2;
        public const int Dimension = 1;
        public const int DimensionValue = 1;
        public const int DimensionParameter = 2;
    }
}
