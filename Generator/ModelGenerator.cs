using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCodegen.Generator.Diagnostics;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Model;
using RnnCodegen.Generator.Parsing;

namespace RnnCodegen.Generator;

/// <summary>
/// Finds classes marked [RecurrentModel], parses each into a value-equal <see cref="ModelSpec"/>, and emits
/// its code. Diagnostics flow through their own output so that source is only regenerated when a spec changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.ModelAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (attributeContext, token) => ModelParser.Parse(attributeContext, token))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<ModelSpec> specs = results
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Specs);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .Where(static list => list.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(specs, static (output, spec) => output.AddSource(spec.HintName, ModelEmitter.Emit(spec)));
        context.RegisterSourceOutput(diagnostics, Report);

        foreach ((string layerAttribute, _) in ModelParser.LayerAttributeKinds)
        {
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    layerAttribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (attributeContext, token) => LayersWithoutModel.Check(attributeContext, token))
                .Where(static list => list.Count > 0)
                .WithTrackingName(TrackingNames.LayersWithoutModel);
            context.RegisterSourceOutput(orphans, Report);
        }
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
