using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// Generated code must compile next to any user type. The names to collide with are collected from the generated
/// text itself (every type or namespace it names that it does not declare), so the test grows with the emitter:
/// a new unqualified reference fails here the day it is written.
/// </summary>
public class TypeNameCaptureTests
{
    /// <summary>
    /// Keywords that a type of the same name would shadow. The kernels index with nuint; a user type named nuint
    /// draws CS8981 (lowercase names are reserved for the language), so it is not worth unreadable kernels.
    /// </summary>
    private static readonly HashSet<string> NativeIntegerKeywords = ["nint", "nuint"];

    /// <summary>Marks a collected name as a namespace's.</summary>
    private const int NamespaceArity = -1;

    [Theory]
    [MemberData(nameof(Scenarios.Names), MemberType = typeof(Scenarios))]
    public void Generated_code_compiles_beside_a_user_type_for_every_name_it_uses(string scenario)
    {
        string model = Scenarios.Source(scenario);
        // A decoy the user's own declaration names (Activation in Activation.Relu) would break that declaration, not the output.
        HashSet<string> declared = TestCompilation.Parse(model).GetRoot().DescendantTokens().Select(token => token.ValueText).ToHashSet();
        List<(string Name, int Arity)> names = ReferencedNames(GeneratorRun.Of(model));
        string decoys = Decoys(NamespaceOf(model), names.Where(name => !declared.Contains(name.Name)));

        GeneratorRun run = GeneratorRun.Of(model, decoys);

        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Result.GeneratedSources);
        ImmutableArray<Diagnostic> problems = TestCompilation.Problems(run.Output);
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
    }

    /// <summary>The collection must find the names the issue was about, or the test above would prove nothing.</summary>
    [Fact]
    public void The_collected_names_include_runtime_framework_and_namespace_names()
    {
        var names = ReferencedNames(GeneratorRun.Of(Scenarios.Source("CharModel"))).Select(name => name.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "ModelFile", "Safetensors", "Activation", "LayerSpec", "Softmax", "Unsafe", "MemoryMarshal", "Vector256", "Span", "ReadOnlySpan", "Stream", "InlineArrayAttribute", "System", "RnnCodegen", "Internals" }, names);
    }

    /// <summary>Before the fix a user's own ModelFile broke the generated Save; the decoys must reproduce that with a using.</summary>
    [Fact]
    public void A_decoy_captures_an_unqualified_reference()
    {
        const string Unqualified = """
            namespace Samples
            {
                using RnnCodegen.Internals;

                internal static class Probe
                {
                    internal static void Save(RnnCodegen.Layout.ModelDescriptor model, float[] parameters) => ModelFile.Save(model, parameters, "x");
                }
            }
            """;

        Compilation compilation = TestCompilation.Create(TestCompilation.Parse(Unqualified), TestCompilation.Parse(Decoys("Samples", [("ModelFile", 0)]), "Decoys.cs"));

        Assert.Contains(compilation.GetDiagnostics(), diagnostic => diagnostic.Id == "CS0117");
    }

    /// <summary>Every named type or namespace the generated tree refers to (not declares), by simple name and arity.</summary>
    private static List<(string Name, int Arity)> ReferencedNames(GeneratorRun run)
    {
        SyntaxTree generated = run.Output.SyntaxTrees.Last();
        SemanticModel semantics = run.Output.GetSemanticModel(generated);
        var names = new HashSet<(string, int)>();
        foreach (SimpleNameSyntax name in generated.GetRoot().DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
        {
            ISymbol? symbol = semantics.GetSymbolInfo(name).Symbol ?? semantics.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
            {
                symbol = constructor.ContainingType;
            }

            switch (symbol)
            {
                case INamedTypeSymbol type when !type.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree == generated) && !type.IsImplicitlyDeclared:
                    names.Add((type.Name, type.Arity));
                    if (!NativeIntegerKeywords.Contains(name.Identifier.ValueText))
                    {
                        names.Add((name.Identifier.ValueText, type.Arity));
                    }

                    break;
                case INamespaceSymbol { IsGlobalNamespace: false } space:
                    names.Add((space.Name, NamespaceArity));
                    break;
            }
        }

        // The model's own name is taken by the model.
        return names.Where(name => !run.Output.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Any(type => type.Identifier.ValueText == name.Item1)).ToList();
    }

    /// <summary>
    /// An unrelated internal class per name (generic when the name was), in the model's namespace. In the global
    /// namespace a class named after a namespace would replace the namespace itself, for global:: too, so those are left out.
    /// </summary>
    private static string Decoys(string? ns, IEnumerable<(string Name, int Arity)> names)
    {
        IEnumerable<string> types = names.Where(name => ns is not null || name.Arity != NamespaceArity).Select(name => name.Arity <= 0
            ? $"internal static class {name.Name} {{ }}"
            : $"internal static class {name.Name}<{string.Join(", ", Enumerable.Range(0, name.Arity).Select(i => $"T{i}"))}> {{ }}");
        string body = string.Join("\n", types);
        return ns is null ? body : $"namespace {ns}\n{{\n{body}\n}}";
    }

    private static string? NamespaceOf(string source) =>
        source.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("namespace ", StringComparison.Ordinal))?["namespace ".Length..].TrimEnd(';');
}
