using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using RnnCodegen.Generator.Diagnostics;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Parsing;

/// <summary>
/// Layer attributes on a class without [RecurrentModel] generate nothing, so the first sign of the mistake would be
/// a missing member far away. This reports it at the class's first layer attribute, once per class.
/// </summary>
internal static class LayersWithoutModel
{
    public static EquatableArray<DiagnosticInfo> Check(GeneratorAttributeSyntaxContext context, CancellationToken token)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        if (symbol.GetAttributes().Any(attribute => attribute.AttributeClass?.ToDisplayString() == ModelParser.ModelAttributeName))
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        // Every layer attribute kind sees the class; only the pipeline holding the first one in source reports it.
        SyntaxReference? first = symbol.GetAttributes()
            .Where(attribute => ModelParser.LayerKindOf(attribute) is not null)
            .Select(attribute => attribute.ApplicationSyntaxReference)
            .OfType<SyntaxReference>()
            .OrderBy(reference => reference.SyntaxTree.FilePath, System.StringComparer.Ordinal)
            .ThenBy(reference => reference.Span.Start)
            .FirstOrDefault();
        SyntaxReference? mine = context.Attributes[0].ApplicationSyntaxReference;
        if (first is null || mine is null || first.SyntaxTree != mine.SyntaxTree || first.Span != mine.Span)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }

        SyntaxNode attribute = first.GetSyntax(token);
        // the attribute's name without "Attribute" is its layer kind's (Lstm, Dense, …)
        string name = ModelParser.LayerKindOf(context.Attributes[0])!.Value.ToString();
        return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.LayerWithoutModel, attribute.GetLocation(), symbol.Name, name) }.ToEquatableArray();
    }
}
