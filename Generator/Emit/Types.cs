namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Every type the generated code names, spelled once and fully qualified: the generated file has no <c>using</c>
/// directives, so a user type with the same simple name (a <c>ModelFile</c>, an <c>Activation</c>, a <c>Span</c>)
/// in the model's namespace cannot capture a reference.
/// </summary>
internal static class Types
{
    private const string Internals = "global::RnnCodegen.Internals.";

    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Stream = "global::System.IO.Stream";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string InlineArray = "global::System.Runtime.CompilerServices.InlineArray";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";
    public const string Vector128 = "global::System.Runtime.Intrinsics.Vector128";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string UnscopedRef = "global::System.Diagnostics.CodeAnalysis.UnscopedRef";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";

    public const string IRecurrentModel = "global::RnnCodegen.IRecurrentModel";
    public const string Activation = "global::RnnCodegen.Activation";
    public const string ModelFormatException = "global::RnnCodegen.ModelFormatException";
    public const string ModelDescriptor = "global::RnnCodegen.Layout.ModelDescriptor";
    public const string LayerDescriptor = "global::RnnCodegen.Layout.LayerDescriptor";
    public const string LayerKind = "global::RnnCodegen.Layout.LayerKind";

    public const string LayerSpec = Internals + "LayerSpec";
    public const string ParameterInitializer = Internals + "ParameterInitializer";
    public const string ModelFile = Internals + "ModelFile";
    public const string Safetensors = Internals + "Safetensors";
    public const string Onnx = Internals + "Onnx";
    public const string TorchModule = "global::RnnCodegen.Serialization.TorchModule";
    public const string ArgumentGuard = Internals + "ArgumentGuard";
    public const string Softmax = Internals + "Softmax";
    public const string ILanes = Internals + "ILanes";
    /// <summary>The constraints of every method generic over the vector width: a lanes struct and its vector type.</summary>
    public const string LanesConstraints = "where TLanes : struct, " + ILanes + "<TVector> where TVector : struct";
    public const string Lanes256 = Internals + "Lanes256";
    public const string Lanes128 = Internals + "Lanes128";
    public const string LanesScalar = Internals + "LanesScalar";
    public const string ITape = Internals + "ITape";
    public const string NoTape = Internals + "NoTape";
    public const string TrainingTape = Internals + "TrainingTape";
    public const string BlockShape = Internals + "BlockShape";
    public const string SequenceBuffer = Internals + "SequenceBuffer";
    public const string BackwardRows = Internals + "BackwardRows";
    public const string EmbeddingBackward = Internals + "EmbeddingBackward";
    public const string DenseBackward = Internals + "DenseBackward";
    public const string SimpleRnnBackward = Internals + "SimpleRnnBackward";
    public const string LstmBackward = Internals + "LstmBackward";
    public const string GruBackward = Internals + "GruBackward";
}
