using System.Runtime.InteropServices;
using RnnCodegen.Internals;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Streams;

/// <summary>The batched step checks every length and token before any stream moves, with messages that name both sizes.</summary>
public sealed class StreamArgumentTests
{
    [Fact]
    public void Inputs_and_outputs_must_hold_one_row_per_stream()
    {
        var model = new GruModel(1);
        var states = new GruModel.State[3];

        ArgumentException inputs = Assert.Throws<ArgumentException>(() => model.Step(states, new float[11], new float[6]));
        ArgumentException outputs = Assert.Throws<ArgumentException>(() => model.Step(states, new float[12], new float[7]));

        Assert.Equal("inputs", inputs.ParamName);
        Assert.Contains("Expected 3 streams × 4 = 12 values, got 11.", inputs.Message, StringComparison.Ordinal);
        Assert.Equal("outputs", outputs.ParamName);
        Assert.Contains("Expected 3 streams × 2 = 6 values, got 7.", outputs.Message, StringComparison.Ordinal);
        AssertUntouched(states);
    }

    [Fact]
    public void No_streams_take_no_values()
    {
        var model = new GruModel(1);
        model.Step([], [], []);

        ArgumentException inputs = Assert.Throws<ArgumentException>(() => model.Step([], new float[4], []));
        Assert.Contains("Expected 0 streams × 4 = 0 values, got 4.", inputs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_token_leaves_every_state_and_output_as_it_was()
    {
        var model = new EmbeddingLmModel(1);
        var states = new EmbeddingLmModel.State[3];
        float[] outputs = new float[3 * EmbeddingLmModel.OutputSize];

        ArgumentOutOfRangeException token = Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(states, [1, 2, 11], outputs));
        ArgumentException count = Assert.Throws<ArgumentException>(() => model.Step(states, [1, 2], outputs));

        Assert.Equal("tokens", token.ParamName);
        Assert.Contains("Token 11 of stream 2 is outside the vocabulary [0, 11).", token.Message, StringComparison.Ordinal);
        Assert.Equal("tokens", count.ParamName);
        Assert.Contains("Expected exactly 3 values, got 2.", count.Message, StringComparison.Ordinal);
        Assert.All(outputs, value => Assert.Equal(0f, value));
        AssertUntouched(states);
    }

    [Fact]
    public void The_stream_product_is_compared_whole_not_as_its_int_wrap()
    {
        int streams = (1 << 30) + 1;   // × 4 wraps to 4 in int

        ArgumentException exception = Assert.Throws<ArgumentException>(() => ArgumentGuard.LengthPerStream(4, streams, 4, "inputs"));

        Assert.Contains($"Expected {streams} streams × 4 = {4L * streams} values, got 4.", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>States are inline arrays, which have no Equals: compare their bytes with the zero of <c>default</c>.</summary>
    private static void AssertUntouched<TState>(TState[] states)
        where TState : unmanaged =>
        Assert.True(MemoryMarshal.AsBytes(states.AsSpan()).IndexOfAnyExcept((byte)0) < 0, "A refused call changed a stream's state.");
}
