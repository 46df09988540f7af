using System.Linq;
using RnnCodegen.Generator.Tests.Infrastructure;

namespace RnnCodegen.Generator.Tests.Emit;

/// <summary>
/// Predict takes the first recurrent layer's input projection out of the recurrence only while the tile's projections
/// (4 steps × gates × padded units) fit its 16384-float stack budget; past it the layer steps whole, as in Step.
/// </summary>
public class SequenceTileEmitterTests
{
    [Theory]
    [InlineData("Lstm(1024)", "Layer0Lstm", true)] // 4 × 4 × 1024 = 16384
    [InlineData("Lstm(1025)", "Layer0Lstm", false)] // 4 × 4 × 1032 = 16512
    [InlineData("Gru(1360)", "Layer0Gru", true)] // 4 × 3 × 1360 = 16320
    [InlineData("Gru(1361)", "Layer0Gru", false)] // 4 × 3 × 1368 = 16416
    [InlineData("SimpleRnn(4096)", "Layer0SimpleRnn", true)] // 4 × 4096 = 16384
    public void The_input_projection_is_split_off_only_within_the_stack_budget(string layer, string kernel, bool projected)
    {
        string source = $$"""
            using RnnCodegen;

            namespace Samples;

            [RecurrentModel(InputSize = 2)]
            [{{layer}}]
            [Dense(1)]
            public partial class Budget;
            """;

        string text = GeneratorRun.Of(source).Result.GeneratedSources.Single().SourceText.ToString();

        Assert.Equal(projected, text.Contains($"{kernel}InputProjection<TLanes, TVector>(ref parameters", StringComparison.Ordinal));
        Assert.Equal(projected, text.Contains($"{kernel}Recurrence<TLanes, TVector>(ref parameters", StringComparison.Ordinal));
    }
}
