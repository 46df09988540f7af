using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Compilations set up as a strict user project: the framework and RnnCodegen.dll as references, nullable on,
/// every warning wave on, and XML doc comments parsed so that a missing one (CS1591) is reported.
/// </summary>
internal static class TestCompilation
{
    /// <summary>
    /// C# 12, the oldest version generated code can target ([InlineArray] needs it), and the newest the referenced
    /// Roslyn 4.8 knows: generated code must not depend on a user's newer language version.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithWarningLevel(9999);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static SyntaxTree Parse(string source, string path = "Model.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static CSharpCompilation Create(params SyntaxTree[] trees) =>
        CSharpCompilation.Create("UserProject", trees, References.Value, Options);

    /// <summary>Errors and warnings only: hidden and info diagnostics (e.g. an unused using) are not failures.</summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework is the part of the trusted platform assemblies that sits beside System.Private.CoreLib;
        // the rest (xunit, Roslyn, the generator) is the test host's, and a user's model never sees it.
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Append(typeof(RecurrentModelAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
