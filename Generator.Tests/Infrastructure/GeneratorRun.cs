using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>One run of <see cref="ModelGenerator"/> over some sources, with the compilation before and after.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(Compilation input, Compilation output, GeneratorDriverRunResult result)
    {
        Input = input;
        Output = output;
        Result = result.Results.Single();
    }

    /// <summary>The user's code alone.</summary>
    public Compilation Input { get; }

    /// <summary>The user's code plus everything the generator added.</summary>
    public Compilation Output { get; }

    public GeneratorRunResult Result { get; }

    /// <summary>The diagnostics the generator reported (the compiler's own are in <see cref="Input"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Runs the generator over sources named File0.cs, File1.cs, ...</summary>
    public static GeneratorRun Of(params string[] sources) =>
        Of(sources.Select((source, index) => TestCompilation.Parse(source, $"File{index}.cs")).ToArray());

    private static GeneratorRun Of(SyntaxTree[] trees)
    {
        Compilation input = TestCompilation.Create(trees);
        GeneratorDriver driver = CreateDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return new GeneratorRun(input, output, driver.GetRunResult());
    }

    /// <summary>
    /// A driver whose generated trees use the test parse options (so their doc comments are checked too), with
    /// every output kind enabled and, when asked, the intermediate step results recorded.
    /// </summary>
    public static GeneratorDriver CreateDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));
}
