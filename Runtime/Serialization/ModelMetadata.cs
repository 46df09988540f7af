namespace RnnCodegen.Serialization;

/// <summary>Metadata the interchange formats (safetensors, ONNX) carry beside the tensors.</summary>
internal static class ModelMetadata
{
    /// <summary>The key under which a file names the declaration it was written from (<c>ModelDescriptor.Signature</c>).</summary>
    public const string SignatureKey = "rnncodegen.signature";
}
