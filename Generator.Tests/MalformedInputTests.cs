using System.Linq;
using Microsoft.CodeAnalysis;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// Code the compiler already rejects, as it looks while being typed. The generator must not throw, must not add
/// its own diagnostics on top of the compiler's, and must not generate from a declaration it cannot trust.
/// </summary>
public class MalformedInputTests
{
    [Theory]
    [InlineData("a size of the wrong type", "[RecurrentModel(InputSize = 1)] [Lstm(\"big\")] public partial class M;")]
    [InlineData("an unknown activation name", "[RecurrentModel(InputSize = 1)] [Lstm(4)] [Dense(1, Activation = Activation.Swish)] public partial class M;")]
    [InlineData("an unknown named argument", "[RecurrentModel(Inputs = 1)] [Lstm(4)] public partial class M;")]
    [InlineData("an input size of the wrong type", "[RecurrentModel(InputSize = 1.5)] [Lstm(4)] public partial class M;")]
    [InlineData("a misspelled layer", "[RecurrentModel(InputSize = 1)] [Lstmm(4)] [Dense(1)] public partial class M;")]
    [InlineData("a misspelled layer after valid ones", "[RecurrentModel(InputSize = 1)] [Lstm(4)] [Dnse(1)] public partial class M;")]
    [InlineData("the model attribute twice", "[RecurrentModel(InputSize = 1)] [RecurrentModel(InputSize = 2)] [Lstm(4)] public partial class M;")]
    [InlineData("a struct target", "[RecurrentModel(InputSize = 1)] [Lstm(4)] public partial struct M;")]
    [InlineData("an interface target", "[RecurrentModel(InputSize = 1)] [Lstm(4)] public partial interface IM;")]
    [InlineData("a method target", "public partial class M { [RecurrentModel(InputSize = 1)] [Lstm(4)] public void Run() { } }")]
    [InlineData("unbalanced brackets", "[RecurrentModel(InputSize = ] [Lstm(4 public partial class M")]
    [InlineData("an attribute list cut short", "[RecurrentModel(InputSize = 1)] [Lstm(4)] [")]
    public void The_compiler_reports_malformed_declarations_alone(string what, string declaration)
    {
        GeneratorRun run = GeneratorRun.Of("using RnnCodegen;\n\n" + declaration);

        Assert.True(run.Input.GetDiagnostics().Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error), $"{what}: the compiler should reject this");
        Assert.True(run.Result.Exception is null, $"{what}: the generator threw {run.Result.Exception}");
        Assert.True(run.Diagnostics.IsEmpty, $"{what}: the generator added {string.Join("; ", run.Diagnostics)}");
        Assert.True(run.Result.GeneratedSources.IsEmpty, $"{what}: the generator generated code from it");
    }
}
