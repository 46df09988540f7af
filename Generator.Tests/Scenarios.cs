using System.Collections.Generic;

namespace RnnCodegen.Generator.Tests;

/// <summary>
/// Valid model declarations that together reach every branch of the emitters: each layer kind and variant,
/// token input, Dense layers before and after recurrent ones, odd sizes that leave a loop's columns over,
/// and the places a partial class can live (a namespace, the global namespace, inside other types).
/// </summary>
internal static class Scenarios
{
    private static readonly Dictionary<string, string> Sources = new()
    {
        // The design's first example: Lstm 1-32-1.
        ["SinePredictor"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 1)]
            [Lstm(32)]
            [Dense(1)]
            public partial class SinePredictor;
            """,

        ["CharModel"] = """
            using RnnCodegen;

            namespace Samples.Text;

            [RecurrentModel]
            [Embedding(65, 32)]
            [Lstm(128)]
            [Lstm(128)]
            [Dense(65, Activation = Activation.Softmax)]
            public partial class CharModel;
            """,

        ["Detector"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 4)]
            [Gru(16)]
            [SimpleRnn(8, Activation = Activation.Relu)]
            [Dense(2, Activation = Activation.Sigmoid)]
            public partial class Detector;
            """,

        ["PeepholeLstm"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 3)]
            [Lstm(10, Peepholes = true)]
            [Dense(2)]
            public partial class PeepholeLstm;
            """,

        ["ResetBeforeGru"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 5)]
            [Gru(12, ResetAfter = false)]
            [Dense(3, Activation = Activation.Tanh)]
            public partial class ResetBeforeGru;
            """,

        // Dense layers before, between and after: the Dense scratch regions must alternate.
        ["DenseFirst"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 6)]
            [Dense(9, Activation = Activation.Relu)]
            [Lstm(16)]
            [Dense(4, Activation = Activation.Relu)]
            [Dense(1, Activation = Activation.Sigmoid)]
            public partial class DenseFirst;
            """,

        ["GlobalNamespace"] = """
            using RnnCodegen;

            [RecurrentModel(InputSize = 2)]
            [SimpleRnn(4)]
            [Dense(1)]
            public partial class GlobalModel;
            """,

        ["Nested"] = """
            using RnnCodegen;

            namespace Samples;

            /// <summary>Holds models.</summary>
            public static partial class Zoo
            {
                /// <summary>A nested record.</summary>
                public partial record Cage
                {
                    [RecurrentModel(InputSize = 2)]
                    [Gru(5)]
                    public partial class Inner;
                }
            }
            """,

        // One input, three hidden units, no Dense: every column loop is shorter than its chains.
        ["TinySimpleRnn"] = """
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 1)]
            [SimpleRnn(3)]
            public partial class TinySimpleRnn;
            """,
    };

    public static TheoryData<string> Names => new(Sources.Keys);

    public static IEnumerable<string> AllNames => Sources.Keys;

    public static string Source(string name) => Sources[name];
}
