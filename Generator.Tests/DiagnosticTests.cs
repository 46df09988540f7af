using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// One test per diagnostic: each declaration below is valid C#, so only the generator can object. The marked
/// span <c>[|...|]</c> is where the diagnostic must point; the message must name what is wrong; nothing is generated.
/// </summary>
public class DiagnosticTests
{
    [Fact]
    public void RNN001_model_not_partial()
    {
        AssertReports("RNN001", """
            [RecurrentModel(InputSize = 1)]
            [Lstm(4)]
            public class [|Plain|];
            """, "'Plain'", "'partial'");
    }

    [Theory]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Lstm(4)]
        public partial class [|Box|]<T>;
        """, "'Box'")]
    [InlineData("""
        public partial class Outer<T>
        {
            [RecurrentModel(InputSize = 1)]
            [Lstm(4)]
            public partial class [|Inner|];
        }
        """, "'Inner'")]
    public void RNN002_model_generic_or_in_a_generic_type(string declaration, string name)
    {
        AssertReports("RNN002", declaration, name, "generic");
    }

    [Theory]
    [InlineData("""
        [[|RecurrentModel(InputSize = 2)|]]
        [Dense(3)]
        public partial class OnlyDense;
        """, "'OnlyDense'")]
    [InlineData("""
        [[|RecurrentModel(InputSize = 2)|]]
        public partial class NoLayers;
        """, "'NoLayers'")]
    public void RNN003_no_recurrent_layer(string declaration, string name)
    {
        AssertReports("RNN003", declaration, name, "no recurrent layer");
    }

    [Fact]
    public void RNN004_embedding_not_first()
    {
        AssertReports("RNN004", """
            [RecurrentModel(InputSize = 2)]
            [Lstm(4)]
            [[|Embedding(10, 4)|]]
            public partial class LateEmbedding;
            """, "layer 1 of 'LateEmbedding'", "first layer");
    }

    [Theory]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [[|Lstm(0)|]]
        public partial class Zero;
        """, "HiddenSize of layer 0 (Lstm) of 'Zero'", "but is 0")]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Gru(4)]
        [[|Dense(-1)|]]
        public partial class NegativeOutputs;
        """, "Outputs of layer 1 (Dense) of 'NegativeOutputs'", "but is -1")]
    [InlineData("""
        [[|RecurrentModel(InputSize = -3)|]]
        [SimpleRnn(4)]
        public partial class NegativeInput;
        """, "InputSize of 'NegativeInput'", "but is -3")]
    [InlineData("""
        [RecurrentModel]
        [[|Embedding(0, 8)|]]
        [Lstm(4)]
        public partial class NoVocabulary;
        """, "VocabularySize of layer 0 (Embedding) of 'NoVocabulary'", "but is 0")]
    [InlineData("""
        [RecurrentModel]
        [[|Embedding(10, 0)|]]
        [Lstm(4)]
        public partial class EmptyEmbedding;
        """, "EmbeddingSize of layer 0 (Embedding) of 'EmptyEmbedding'", "but is 0")]
    public void RNN005_size_not_positive(string declaration, string subject, string value)
    {
        AssertReports("RNN005", declaration, subject, value);
    }

    [Theory]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Lstm(4)]
        [[|Dense(9000)|]]
        public partial class Wide;
        """, "Outputs of layer 1 (Dense) of 'Wide' is 9000", "maximum of 8192")]
    [InlineData("""
        [[|RecurrentModel(InputSize = 65537)|]]
        [Lstm(4)]
        public partial class ManyInputs;
        """, "InputSize of 'ManyInputs' is 65537", "maximum of 65536")]
    // Every size is allowed, but 8192 padded units × (4 gates × (65536 + 8192) columns + 8 biases) floats
    // = 2415984640 exceeds the storage limit of 2^28.
    [InlineData("""
        [[|RecurrentModel(InputSize = 65536)|]]
        [Lstm(8192)]
        public partial class Huge;
        """, "The parameter storage of 'Huge' is 2415984640", "maximum of 268435456")]
    public void RNN006_size_too_large(string declaration, string subject, string limit)
    {
        AssertReports("RNN006", declaration, subject, limit);
    }

    [Theory]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [[|SimpleRnn(4, Activation = Activation.Softmax)|]]
        public partial class SoftRnn;
        """, "layer 0 (SimpleRnn) of 'SoftRnn' does not support Activation.Softmax", "Tanh or Relu")]
    // An undefined enum value is valid C#; only the generator can catch it.
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Lstm(4)]
        [[|Dense(2, Activation = (Activation)42)|]]
        public partial class OddActivation;
        """, "layer 1 (Dense) of 'OddActivation' does not support Activation.42", "Linear, Sigmoid, Tanh, Relu or Softmax")]
    public void RNN007_unsupported_activation(string declaration, string subject, string allowed)
    {
        AssertReports("RNN007", declaration, subject, allowed);
    }

    [Fact]
    public void RNN008_input_size_missing()
    {
        AssertReports("RNN008", """
            [[|RecurrentModel|]]
            [Lstm(4)]
            public partial class NoInput;
            """, "'NoInput'", "must set InputSize");
    }

    [Fact]
    public void RNN009_input_size_given_with_an_embedding()
    {
        AssertReports("RNN009", """
            [[|RecurrentModel(InputSize = 3)|]]
            [Embedding(10, 4)]
            [Lstm(4)]
            public partial class Twice;
            """, "'Twice'", "remove InputSize");
    }

    [Theory]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Lstm(4)]
        public static partial class [|Static|] { }
        """, "'Static' cannot be static")]
    [InlineData("""
        [RecurrentModel(InputSize = 1)]
        [Lstm(4)]
        public abstract partial class [|Abstract|];
        """, "'Abstract' cannot be abstract")]
    public void RNN010_model_not_instantiable(string declaration, string reason)
    {
        AssertReports("RNN010", declaration, reason);
    }

    [Fact]
    public void RNN013_model_is_a_record()
    {
        AssertReports("RNN013", """
            [RecurrentModel(InputSize = 1)]
            [Lstm(4)]
            public partial record [|Valued|];
            """, "'Valued' is a record", "partial class");
    }

    [Fact]
    public void RNN011_layer_on_another_partial_declaration()
    {
        AssertReports("RNN011", """
            [RecurrentModel(InputSize = 1)]
            [Lstm(4)]
            public partial class Split;

            [[|Dense(1)|]]
            public partial class Split;
            """, "[Dense]", "'Split'");
    }

    [Fact]
    public void RNN012_containing_type_not_partial()
    {
        AssertReports("RNN012", """
            public class Outer
            {
                [RecurrentModel(InputSize = 1)]
                [Lstm(4)]
                public partial class [|Inner|];
            }
            """, "'Inner'", "'Outer'");
    }

    [Theory]
    [InlineData("""
        [[|Lstm(4)|]]
        [Dense(1)]
        public partial class Forgotten;
        """, "'Forgotten'", "[Lstm]")]
    [InlineData("""
        [System.Serializable]
        [[|Dense(2)|]]
        [Gru(3)]
        public partial class DenseFirst;
        """, "'DenseFirst'", "[Dense]")]
    public void RNN014_layers_without_RecurrentModel_once_per_class(string declaration, string name, string layer)
    {
        AssertReports("RNN014", declaration, name, layer, "[RecurrentModel");
    }

    [Fact]
    public void RNN015_an_option_the_layer_does_not_have_names_the_options_it_has()
    {
        AssertReportsBesideCompiler("RNN015", """
            [RecurrentModel(InputSize = 1)]
            [Gru(8, [|Peepholes = true|])]
            public partial class WrongOption;
            """, "[Gru]", "'Peepholes'", "ResetAfter");
    }

    [Fact]
    public void RNN015_a_layer_without_options_says_so()
    {
        AssertReportsBesideCompiler("RNN015", """
            [RecurrentModel]
            [Embedding(65, 8, [|Activation = Activation.Tanh|])]
            [Lstm(4)]
            public partial class NoOptions;
            """, "[Embedding]", "'Activation'", "none");
    }

    [Fact]
    public void RNN016_a_wrong_number_of_sizes_names_the_parameters()
    {
        AssertReportsBesideCompiler("RNN016", """
            [RecurrentModel]
            [[|Embedding(65)|]]
            [Lstm(4)]
            public partial class OneSize;
            """, "[Embedding]", "vocabularySize, embeddingSize", "1 argument");
    }

    [Fact]
    public void RNN017_softmax_over_one_output_warns_and_still_generates()
    {
        MarkedSource source = MarkedSource.Parse("""
            using RnnCodegen;

            [RecurrentModel(InputSize = 1)]
            [Lstm(4)]
            [[|Dense(1, Activation = Activation.Softmax)|]]
            public partial class Certain;
            """);
        GeneratorRun run = GeneratorRun.Of(source.Text);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("RNN017", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Contains("always 1.0", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Single(run.Result.GeneratedSources);
    }

    [Fact]
    public void An_embedding_declared_second_is_reported_as_such_without_RNN008()
    {
        AssertReports("RNN004", """
            [RecurrentModel]
            [Lstm(4)]
            [[|Embedding(10, 4)|]]
            public partial class TokensLater;
            """, "layer 1 of 'TokensLater'");
    }

    /// <summary>Every diagnostic links to its entry in docs/diagnostics.md, and the entry shows a wrong and a fixed declaration.</summary>
    [Fact]
    public void Every_diagnostic_links_to_its_entry_in_the_docs()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        DiagnosticDescriptor[] descriptors = typeof(ModelGenerator).Assembly.GetType("RnnCodegen.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .ToArray();

        Assert.Equal(17, descriptors.Length);
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.EndsWith("docs/diagnostics.md#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri, StringComparison.Ordinal);
            int entry = docs.IndexOf($"## {descriptor.Id}", StringComparison.Ordinal);
            Assert.True(entry >= 0, $"docs/diagnostics.md has no '## {descriptor.Id}' heading");
            int next = docs.IndexOf("\n## ", entry + 1, StringComparison.Ordinal);
            string section = next < 0 ? docs[entry..] : docs[entry..next];
            Assert.True(section.Contains("// wrong", StringComparison.Ordinal) && section.Contains("// fixed", StringComparison.Ordinal), $"{descriptor.Id}: the entry needs a wrong and a fixed declaration");
        }
    }

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "RnnCodegen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("RnnCodegen.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>For declarations the compiler rejects too: ours must add what the compiler's error does not say, at the same place.</summary>
    private static void AssertReportsBesideCompiler(string id, string markedDeclaration, params string[] messageParts)
    {
        MarkedSource source = MarkedSource.Parse("using RnnCodegen;\n\n" + markedDeclaration);
        GeneratorRun run = GeneratorRun.Of(source.Text);

        Assert.Contains(run.Input.GetDiagnostics(), diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Null(run.Result.Exception);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, message, StringComparison.Ordinal);
        }

        Assert.Empty(run.Result.GeneratedSources);
    }

    /// <summary>A bad layer does not hide the ones after it: each is reported, in order.</summary>
    [Fact]
    public void Every_invalid_layer_is_reported()
    {
        GeneratorRun run = GeneratorRun.Of("""
            using RnnCodegen;

            [RecurrentModel(InputSize = 1)]
            [Lstm(0)]
            [Dense(0)]
            public partial class TwoBadLayers;
            """);

        Assert.Null(run.Result.Exception);
        Assert.Collection(
            run.Diagnostics.OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start),
            first => Assert.Contains("HiddenSize of layer 0 (Lstm)", first.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            second => Assert.Contains("Outputs of layer 1 (Dense)", second.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.All(run.Diagnostics, diagnostic => Assert.Equal("RNN005", diagnostic.Id));
        Assert.Empty(run.Result.GeneratedSources);
    }

    private static void AssertReports(string id, string markedDeclaration, params string[] messageParts)
    {
        MarkedSource source = MarkedSource.Parse("using RnnCodegen;\n\n" + markedDeclaration);
        GeneratorRun run = GeneratorRun.Of(source.Text);

        Assert.Empty(run.Input.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        Assert.Null(run.Result.Exception);
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        FileLinePositionSpan lines = diagnostic.Location.GetLineSpan();
        Assert.Equal("File0.cs", lines.Path);
        Assert.Equal(source.Lines, lines.Span);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (string part in messageParts)
        {
            Assert.Contains(part, message, StringComparison.Ordinal);
        }

        Assert.Empty(run.Result.GeneratedSources);
    }
}
