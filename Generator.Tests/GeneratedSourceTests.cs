using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>What the generator writes for each valid scenario: the exact text, and that it compiles clean.</summary>
public class GeneratedSourceTests
{
    [Theory]
    [MemberData(nameof(Scenarios.Names), MemberType = typeof(Scenarios))]
    public void Generated_source_matches_its_snapshot(string scenario)
    {
        GeneratorRun run = GeneratorRun.Of(Scenarios.Source(scenario));

        Assert.Null(run.Result.Exception);
        Assert.Empty(run.Diagnostics);
        GeneratedSourceResult source = Assert.Single(run.Result.GeneratedSources);
        // The generator's version changes with every release; the test below checks it, so snapshots hold a placeholder.
        string text = source.SourceText.ToString().Replace($"\"RnnCodegen.Generator\", \"{ModelEmitter.GeneratorVersion}\")]", "\"RnnCodegen.Generator\", \"{version}\")]", StringComparison.Ordinal);
        Snapshot.Match(scenario, source.HintName, text);
    }

    [Theory]
    [MemberData(nameof(Scenarios.Names), MemberType = typeof(Scenarios))]
    public void Generated_code_compiles_without_errors_or_warnings(string scenario)
    {
        GeneratorRun run = GeneratorRun.Of(Scenarios.Source(scenario));

        Assert.Single(run.Result.GeneratedSources);
        ImmutableArray<Diagnostic> problems = TestCompilation.Problems(run.Output);
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
    }

    [Fact]
    public void GeneratedCode_attribute_carries_the_generator_assembly_version()
    {
        string version = typeof(ModelGenerator).Assembly.GetName().Version!.ToString();

        string source = Assert.Single(GeneratorRun.Of(Scenarios.Source("SinePredictor")).Result.GeneratedSources).SourceText.ToString();

        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"RnnCodegen.Generator\", \"{version}\")]", source, StringComparison.Ordinal);
    }

    /// <summary>The check above is only as strict as its settings: prove they report what it relies on.</summary>
    [Fact]
    public void Test_compilations_report_missing_docs_and_nullable_warnings()
    {
        const string Sloppy = """
            public class Undocumented
            {
                public string? Name;
                public int Length => Name.Length;
            }
            """;

        ImmutableArray<Diagnostic> problems = TestCompilation.Problems(TestCompilation.Create(TestCompilation.Parse(Sloppy)));

        Assert.Equal(["CS1591", "CS8602"], problems.Select(problem => problem.Id).Distinct().Order());
    }
}
