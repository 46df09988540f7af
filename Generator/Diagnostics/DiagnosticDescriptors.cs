using Microsoft.CodeAnalysis;

namespace RnnCodegen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable: users suppress and search by them.</summary>
internal static class DiagnosticDescriptors
{
    public const string NotPartialId = "RNN001";
    public const string GenericId = "RNN002";
    public const string NoRecurrentLayerId = "RNN003";
    public const string EmbeddingNotFirstId = "RNN004";
    public const string SizeNotPositiveId = "RNN005";
    public const string SizeTooLargeId = "RNN006";
    public const string UnsupportedActivationId = "RNN007";
    public const string InputSizeMissingId = "RNN008";
    public const string InputSizeGivenTwiceId = "RNN009";
    public const string NotInstantiableId = "RNN010";
    public const string LayersOnOtherDeclarationId = "RNN011";
    public const string ContainingTypeNotPartialId = "RNN012";
    public const string NotAClassId = "RNN013";
    public const string LayerWithoutModelId = "RNN014";
    public const string UnknownLayerOptionId = "RNN015";
    public const string WrongLayerArgumentsId = "RNN016";
    public const string SingleOutputSoftmaxId = "RNN017";

    private const string Category = "RnnCodegen";

    /// <summary>Each ID has an entry (a wrong and a fixed declaration) under its lowercase anchor.</summary>
    private const string HelpLink = "https://github.com/rnncodegen/rnncodegen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        NotPartialId, "Recurrent model must be partial", "The recurrent model '{0}' must be declared 'partial' so that its generated code can be added");

    public static readonly DiagnosticDescriptor Generic = Error(
        GenericId, "Recurrent model cannot be generic", "The recurrent model '{0}' cannot be generic or nested in a generic type: its sizes and code are fixed at compile time");

    public static readonly DiagnosticDescriptor NoRecurrentLayer = Error(
        NoRecurrentLayerId, "Recurrent model has no recurrent layer", "The recurrent model '{0}' declares no recurrent layer: add [SimpleRnn], [Lstm] or [Gru] after [RecurrentModel]");

    public static readonly DiagnosticDescriptor EmbeddingNotFirst = Error(
        EmbeddingNotFirstId, "Embedding must be the first layer", "[Embedding] is layer {0} of '{1}': an Embedding turns tokens into vectors and can only be the first layer");

    public static readonly DiagnosticDescriptor SizeNotPositive = Error(
        SizeNotPositiveId, "Size must be positive", "{0} of {1} must be positive, but is {2}");

    public static readonly DiagnosticDescriptor SizeTooLarge = Error(
        SizeTooLargeId, "Size is too large", "{0} of {1} is {2}, more than the supported maximum of {3}");

    public static readonly DiagnosticDescriptor UnsupportedActivation = Error(
        UnsupportedActivationId, "Activation not supported by this layer", "{0} does not support Activation.{1}; use {2}");

    public static readonly DiagnosticDescriptor InputSizeMissing = Error(
        InputSizeMissingId, "Input size missing", "The recurrent model '{0}' must set InputSize, e.g. [RecurrentModel(InputSize = 4)], or start with an [Embedding] layer");

    public static readonly DiagnosticDescriptor InputSizeGivenTwice = Error(
        InputSizeGivenTwiceId, "Input size given twice", "The recurrent model '{0}' starts with [Embedding], which takes tokens and defines the input; remove InputSize from [RecurrentModel]");

    public static readonly DiagnosticDescriptor NotInstantiable = Error(
        NotInstantiableId, "Recurrent model must be instantiable", "The recurrent model '{0}' cannot be {1}: models are created with 'new' and hold their parameters");

    public static readonly DiagnosticDescriptor LayersOnOtherDeclaration = Error(
        LayersOnOtherDeclarationId, "Layer declared apart from [RecurrentModel]", "[{0}] is on another partial declaration of '{1}': declare every layer next to [RecurrentModel], in order");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        ContainingTypeNotPartialId, "Containing type must be partial", "The recurrent model '{0}' is nested in '{1}', which must be declared 'partial' too");

    public static readonly DiagnosticDescriptor NotAClass = Error(
        NotAClassId, "Recurrent model must be a class", "The recurrent model '{0}' is a record; declare it as a 'partial class': a model is mutable state, not a value");

    public static readonly DiagnosticDescriptor LayerWithoutModel = Error(
        LayerWithoutModelId, "Layer attribute without [RecurrentModel]", "'{0}' declares layers but no [RecurrentModel]; add [RecurrentModel(InputSize = …)] before [{1}] so that its code is generated");

    public static readonly DiagnosticDescriptor UnknownLayerOption = Error(
        UnknownLayerOptionId, "Layer has no such option", "[{0}] has no option '{1}'; its options are: {2}");

    public static readonly DiagnosticDescriptor WrongLayerArguments = Error(
        WrongLayerArgumentsId, "Layer takes other arguments", "[{0}] takes ({1}), but {2} argument(s) were given");

    public static readonly DiagnosticDescriptor SingleOutputSoftmax = Descriptor(
        SingleOutputSoftmaxId, "Softmax over one output", "{0} applies Softmax to a single output, which is always 1.0; use Activation.Sigmoid for a probability, or more outputs",
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Error(string id, string title, string message) => Descriptor(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Descriptor(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink + id.ToLowerInvariant());
}
