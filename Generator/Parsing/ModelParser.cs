using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCodegen.Generator.Diagnostics;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Parsing;

/// <summary>Turns a class marked [RecurrentModel] into a <see cref="ModelSpec"/> or diagnostics. Never throws on user input.</summary>
internal static class ModelParser
{
    public const string ModelAttributeName = "RnnCodegen.RecurrentModelAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        Location nameLocation = declaration.Identifier.GetLocation();
        string name = symbol.Name;
        if (HasCompilerErrors(context, declaration, token))
        {
            // The compiler already reports malformed attributes; only a layer given another layer's option or the wrong
            // number of sizes gets a word from us, since the compiler's message there does not say what the layer takes.
            return new ParseResult(null, LayerOptions.Check(context.SemanticModel, declaration.AttributeLists.SelectMany(list => list.Attributes), token).ToEquatableArray());
        }

        if (declaration is RecordDeclarationSyntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, nameLocation, name));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, nameLocation, name));
        }

        if (symbol.IsGenericType || ContainingTypes(symbol).Any(type => type.IsGenericType))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Generic, nameLocation, name));
        }

        if (symbol.IsStatic || symbol.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInstantiable, nameLocation, name, symbol.IsStatic ? "static" : "abstract"));
        }

        var containing = new List<string>();
        foreach (INamedTypeSymbol outer in ContainingTypes(symbol).Reverse())
        {
            TypeDeclarationSyntax? outerDeclaration = outer.DeclaringSyntaxReferences
                .Select(reference => reference.GetSyntax(token)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (outerDeclaration is null || !outerDeclaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, nameLocation, name, outer.Name));
                continue;
            }

            containing.Add(PartialDeclaration(outerDeclaration));
        }

        token.ThrowIfCancellationRequested();
        AttributeData modelAttribute = context.Attributes[0];
        Location modelLocation = AttributeLocation(modelAttribute, token) ?? nameLocation;
        List<(AttributeData Data, AttributeSyntax Syntax)>? layerAttributes = LayerAttributes(symbol, declaration, diagnostics, name, token);
        if (layerAttributes is null || HasErrors(modelAttribute))
        {
            // The compiler already reports malformed attributes; generating from them would only add noise.
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        int? inputSize = NamedInt(modelAttribute, "InputSize");
        bool tokens = layerAttributes.Count > 0 && LayerKindOf(layerAttributes[0].Data) == LayerKind.Embedding;
        if (tokens && inputSize is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeGivenTwice, modelLocation, name));
        }
        else if (!tokens && inputSize is null && !layerAttributes.Any(layer => LayerKindOf(layer.Data) == LayerKind.Embedding))
        {
            // An Embedding declared later gets RNN004, which says what to do; "set InputSize" would point the wrong way.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputSizeMissing, modelLocation, name));
        }
        else if (inputSize is { } declaredInputs)
        {
            CheckSize(diagnostics, modelLocation, "InputSize", $"'{name}'", declaredInputs, Limits.MaxInputSize);
        }

        List<LayerModel> layers = LayerBuilder.Build(name, tokens ? 0 : inputSize ?? 1, layerAttributes, diagnostics);
        if (!layers.Any(layer => layer.IsRecurrent))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoRecurrentLayer, modelLocation, name));
        }
        else if (diagnostics.Count == 0)
        {
            LayerModel last = layers[layers.Count - 1];
            long storage = last.Offset + last.StorageLength;
            if (storage > Limits.MaxStorageLength)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeTooLarge, modelLocation, "The parameter storage", $"'{name}'", storage.ToString(System.Globalization.CultureInfo.InvariantCulture), Limits.MaxStorageLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        if (diagnostics.Any(diagnostic => diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        string ns = symbol.ContainingNamespace.IsGlobalNamespace ? string.Empty : symbol.ContainingNamespace.ToDisplayString();
        var spec = new ModelSpec(ns, name, containing.ToEquatableArray(), tokens ? 0 : inputSize!.Value, layers.ToEquatableArray());
        return new ParseResult(spec, diagnostics.ToEquatableArray());
    }

    private static bool HasCompilerErrors(GeneratorAttributeSyntaxContext context, TypeDeclarationSyntax declaration, CancellationToken token) =>
        declaration.AttributeLists.Any(list => context.SemanticModel.GetDiagnostics(list.Span, token).Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));

    internal static void CheckSize(List<DiagnosticInfo> diagnostics, Location location, string what, string owner, int value, int maximum)
    {
        string text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (value <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, location, what, owner, text));
        }
        else if (value > maximum)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeTooLarge, location, what, owner, text, maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    internal static LayerKind? LayerKindOf(AttributeData attribute) => attribute.AttributeClass is { } type ? LayerKindOf(type) : null;

    internal static LayerKind? LayerKindOf(INamedTypeSymbol attributeClass)
    {
        string name = attributeClass.ToDisplayString();
        foreach ((string metadataName, LayerKind kind) in LayerAttributeKinds)
        {
            if (name == metadataName)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>The layer attributes' metadata names and the kinds they declare: the one list the parser and the pipeline read.</summary>
    internal static readonly (string MetadataName, LayerKind Kind)[] LayerAttributeKinds =
    [
        ("RnnCodegen.EmbeddingAttribute", LayerKind.Embedding),
        ("RnnCodegen.SimpleRnnAttribute", LayerKind.SimpleRnn),
        ("RnnCodegen.LstmAttribute", LayerKind.Lstm),
        ("RnnCodegen.GruAttribute", LayerKind.Gru),
        ("RnnCodegen.DenseAttribute", LayerKind.Dense),
    ];

    internal static int? NamedInt(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is int value)
            {
                return value;
            }
        }

        return null;
    }

    internal static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeConstructor is null
        || attribute.ConstructorArguments.Any(argument => argument.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(argument => argument.Value.Kind == TypedConstantKind.Error);

    /// <summary>The layer attributes in source order, or null when one is malformed (the compiler reports it).</summary>
    private static List<(AttributeData Data, AttributeSyntax Syntax)>? LayerAttributes(
        INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, string name, CancellationToken token)
    {
        var layers = new List<(AttributeData Data, AttributeSyntax Syntax)>();
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (LayerKindOf(attribute) is null)
            {
                continue;
            }

            if (HasErrors(attribute) || attribute.ApplicationSyntaxReference?.GetSyntax(token) is not AttributeSyntax syntax)
            {
                return null;
            }

            if (syntax.SyntaxTree != declaration.SyntaxTree || !declaration.AttributeLists.Any(list => list.Span.Contains(syntax.Span)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersOnOtherDeclaration, syntax.GetLocation(), syntax.Name.ToString(), name));
                continue;
            }

            layers.Add((attribute, syntax));
        }

        layers.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        return layers;
    }

    private static Location? AttributeLocation(AttributeData attribute, CancellationToken token) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(token).GetLocation();

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol symbol)
    {
        for (INamedTypeSymbol? outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            yield return outer;
        }
    }

    private static string PartialDeclaration(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => $"partial record {(record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "struct " : string.Empty)}{record.Identifier.ValueText}",
        _ => $"partial {declaration.Keyword.ValueText} {declaration.Identifier.ValueText}",
    };
}
