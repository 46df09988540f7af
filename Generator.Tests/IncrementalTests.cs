using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// The pipeline's caching, observed through its tracked steps: an edit that does not touch a model must not re-run
/// its work or regenerate its code (every keystroke in an IDE is such an edit), and one that does must.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] TrackedSteps = [TrackingNames.Parse, TrackingNames.Specs, TrackingNames.Diagnostics];

    // A valid model, an invalid one (so the Diagnostics step has output too) and a file unrelated to both.
    private static readonly SyntaxTree ValidModel = TestCompilation.Parse(Scenarios.Source("SinePredictor"), "SinePredictor.cs");

    private static readonly SyntaxTree InvalidModel = TestCompilation.Parse("""
        using RnnCodegen;

        [RecurrentModel(InputSize = 1)]
        [Lstm(0)]
        public partial class Broken;
        """, "Broken.cs");

    private static readonly SyntaxTree Unrelated = TestCompilation.Parse("""
        namespace Other;

        internal static class Helper
        {
            public static int Twice(int x) => 2 * x;
        }
        """, "Helper.cs");

    [Fact]
    public void A_new_unrelated_file_reuses_every_step()
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) =
            RunTwice(compilation => compilation.AddSyntaxTrees(TestCompilation.Parse("internal sealed class Extra;", "Extra.cs")));

        AssertNothingRecomputed(second);
        Assert.Equal(Sources(first), Sources(second));
    }

    [Fact]
    public void A_comment_in_another_file_reuses_every_step()
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) = RunTwice(compilation => Prepend(compilation, Unrelated, "// a comment\n"));

        AssertNothingRecomputed(second);
        Assert.Equal(Sources(first), Sources(second));
    }

    /// <summary>The model's own file is re-parsed, but to an equal spec, so nothing downstream runs again.</summary>
    [Fact]
    public void A_comment_in_the_model_file_does_not_regenerate_its_code()
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) = RunTwice(compilation => Prepend(compilation, ValidModel, "// a comment\n"));

        AssertNothingRecomputed(second);
        Assert.Equal(Sources(first), Sources(second));
    }

    [Fact]
    public void A_new_hidden_size_regenerates_the_model()
    {
        (GeneratorDriverRunResult first, GeneratorDriverRunResult second) = RunTwice(compilation => Replace(compilation, ValidModel, "[Lstm(32)]", "[Lstm(33)]"));

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Parse));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, TrackingNames.Specs));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second));
        string before = Sources(first)["Samples.SinePredictor.g.cs"];
        string after = Sources(second)["Samples.SinePredictor.g.cs"];
        Assert.DoesNotContain("Lstm(33)", before, StringComparison.Ordinal);
        Assert.Contains("Lstm(33)", after, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scenarios.Names), MemberType = typeof(Scenarios))]
    public void Step_outputs_hold_no_symbols_syntax_or_compilations(string scenario)
    {
        Compilation compilation = TestCompilation.Create(TestCompilation.Parse(Scenarios.Source(scenario)), InvalidModel);
        GeneratorDriverRunResult result = GeneratorRun.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult();

        foreach (string step in TrackedSteps)
        {
            ImmutableArray<(object Value, IncrementalStepRunReason Reason)> outputs = Outputs(result, step);
            Assert.NotEmpty(outputs);
            for (int i = 0; i < outputs.Length; i++)
            {
                string? forbidden = ForbiddenReferences.Find(outputs[i].Value, $"{step}[{i}]");
                Assert.True(forbidden is null, forbidden);
            }
        }
    }

    /// <summary>The walk above must be able to fail: it finds a tree hidden in a collection, and stops at cycles.</summary>
    [Fact]
    public void The_forbidden_reference_walk_finds_buried_syntax_and_survives_cycles()
    {
        var cycle = new List<object>();
        cycle.Add(cycle);
        var buried = new List<object> { 1, "text", cycle, new KeyValuePair<string, object>("tree", CSharpSyntaxTree.ParseText("class C;")) };

        Assert.Null(ForbiddenReferences.Find(cycle, "cycle"));
        string? found = ForbiddenReferences.Find(buried, "root");
        Assert.NotNull(found);
        Assert.Contains("SyntaxTree", found, StringComparison.Ordinal);
    }

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(Func<Compilation, Compilation> edit)
    {
        Compilation compilation = TestCompilation.Create(ValidModel, InvalidModel, Unrelated);
        GeneratorDriver driver = GeneratorRun.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();
        GeneratorDriverRunResult second = driver.RunGenerators(edit(compilation)).GetRunResult();
        Assert.Null(first.Results.Single().Exception);
        Assert.Null(second.Results.Single().Exception);
        return (first, second);
    }

    private static void AssertNothingRecomputed(GeneratorDriverRunResult result)
    {
        foreach (string step in TrackedSteps)
        {
            Assert.NotEmpty(Reasons(result, step));
            Assert.All(Reasons(result, step), reason => Assert.True(IsReused(reason), $"step {step} was {reason}"));
        }

        Assert.NotEmpty(OutputReasons(result));
        Assert.All(OutputReasons(result), reason => Assert.True(IsReused(reason), $"a source output was {reason}"));
    }

    private static bool IsReused(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    private static ImmutableArray<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorDriverRunResult result, string step)
    {
        GeneratorRunResult run = result.Results.Single();
        Assert.True(run.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"step {step} was not tracked");
        return steps.SelectMany(s => s.Outputs).ToImmutableArray();
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriverRunResult result, string step) =>
        Outputs(result, step).Select(output => output.Reason).ToArray();

    private static IncrementalStepRunReason[] OutputReasons(GeneratorDriverRunResult result) =>
        result.Results.Single().TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();

    private static Dictionary<string, string> Sources(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());

    private static Compilation Prepend(Compilation compilation, SyntaxTree tree, string text) =>
        compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(0, 0), text))));

    private static Compilation Replace(Compilation compilation, SyntaxTree tree, string oldText, string newText)
    {
        string source = tree.GetText().ToString();
        int at = source.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{oldText}' is not in {tree.FilePath}");
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(at, oldText.Length), newText))));
    }
}
