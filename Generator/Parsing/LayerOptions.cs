using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCodegen.Generator.Diagnostics;

namespace RnnCodegen.Generator.Parsing;

/// <summary>
/// Explains layer attributes the compiler rejects for their arguments: an option another layer has
/// (<c>[Gru(8, Peepholes = true)]</c> is CS0246 to the compiler) or a wrong number of sizes (CS1729). The
/// options and parameters are read from the attribute class itself, so they stay in step with the runtime.
/// </summary>
internal static class LayerOptions
{
    public static List<DiagnosticInfo> Check(SemanticModel semantics, IEnumerable<AttributeSyntax> attributes, CancellationToken token)
    {
        var diagnostics = new List<DiagnosticInfo>();
        foreach (AttributeSyntax attribute in attributes)
        {
            SymbolInfo info = semantics.GetSymbolInfo(attribute, token);
            INamedTypeSymbol? type = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault())?.ContainingType;
            if (type is null || ModelParser.LayerKindOf(type) is null)
            {
                continue;
            }

            string name = attribute.Name.ToString();
            string[] options = type.GetMembers().OfType<IPropertySymbol>()
                .Where(property => property.SetMethod is { DeclaredAccessibility: Accessibility.Public } && !property.IsStatic)
                .Select(property => property.Name).ToArray();
            IEnumerable<AttributeArgumentSyntax> arguments = attribute.ArgumentList?.Arguments ?? Enumerable.Empty<AttributeArgumentSyntax>();
            foreach (AttributeArgumentSyntax argument in arguments.Where(argument => argument.NameEquals is not null))
            {
                string option = argument.NameEquals!.Name.Identifier.ValueText;
                if (!options.Contains(option))
                {
                    string known = options.Length == 0 ? "none (only its sizes)" : string.Join(", ", options);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayerOption, argument.GetLocation(), name, option, known));
                }
            }

            int positional = arguments.Count(argument => argument.NameEquals is null && argument.NameColon is null);
            IMethodSymbol constructor = type.InstanceConstructors.First();
            if (positional != constructor.Parameters.Length && type.InstanceConstructors.All(candidate => candidate.Parameters.Length != positional))
            {
                string parameters = string.Join(", ", constructor.Parameters.Select(parameter => parameter.Name));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongLayerArguments, attribute.GetLocation(), name, parameters, positional.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return diagnostics;
    }
}
