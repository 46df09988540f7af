using System.Linq;
using System.Runtime.InteropServices;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Inference;

/// <summary>
/// <c>State.Hidden(k)</c> and <c>State.Cell(k)</c>: spans over exactly the real units that set an initial state
/// (as PyTorch's h0/c0) and read the final one, checked against the double-precision reference; the padding
/// behind them cannot be written and stays zero; reading and writing allocate nothing.
/// </summary>
public sealed class StateAccessTests
{
    private const int Steps = 6;

    /// <summary>float32 steps against a float64 reference over six steps: at most 3e-8 observed; the design's 1e-5 bound.</summary>
    private const double Tolerance = 1e-5;

    [Fact]
    public void An_LSTM_stack_started_from_a_set_state_matches_the_reference_and_reports_its_final_state()
    {
        var model = new LstmStackedPeepholeModel(seed: 2);
        ModelDescriptor descriptor = LstmStackedPeepholeModel.Descriptor;
        var random = new Random(21);
        float[] inputs = RandomFloats(random, Steps * LstmStackedPeepholeModel.InputSize);
        ReferenceState initial = ReferenceState.Zero(descriptor);
        var state = default(LstmStackedPeepholeModel.State);
        foreach (int layer in (int[])[0, 1])
        {
            initial[layer].Hidden = Fill(state.Hidden(layer), random);
            initial[layer].Cell = Fill(state.Cell(layer), random);
        }

        float[] outputs = new float[Steps * LstmStackedPeepholeModel.OutputSize];
        for (int t = 0; t < Steps; t++)
        {
            model.Step(ref state, inputs.AsSpan(t * LstmStackedPeepholeModel.InputSize, LstmStackedPeepholeModel.InputSize), outputs.AsSpan(t * LstmStackedPeepholeModel.OutputSize, LstmStackedPeepholeModel.OutputSize));
        }

        ReferenceRun expected = new ReferenceModel(descriptor).Run(Canonical.Parameters(descriptor, model.Parameters.ToArray()), new Sequence(Steps, inputs, []), initial);
        Closeness.AssertClose("outputs from the set state", expected.Outputs, outputs, Tolerance);
        foreach (int layer in (int[])[0, 1])
        {
            Closeness.AssertClose($"final h of layer {layer}", expected.FinalState[layer].Hidden, state.Hidden(layer), Tolerance);
            Closeness.AssertClose($"final c of layer {layer}", expected.FinalState[layer].Cell, state.Cell(layer), Tolerance);
        }
    }

    [Fact]
    public void A_GRU_and_SimpleRnn_stack_started_from_a_set_state_matches_the_reference()
    {
        var model = new StackedModel(seed: 3);
        ModelDescriptor descriptor = StackedModel.Descriptor;
        var random = new Random(22);
        float[] inputs = RandomFloats(random, Steps * StackedModel.InputSize);
        ReferenceState initial = ReferenceState.Zero(descriptor);
        var state = default(StackedModel.State);
        initial[0].Hidden = Fill(state.Hidden(0), random);
        initial[1].Hidden = Fill(state.Hidden(1), random);

        float[] outputs = new float[Steps * StackedModel.OutputSize];
        for (int t = 0; t < Steps; t++)
        {
            model.Step(ref state, inputs.AsSpan(t * StackedModel.InputSize, StackedModel.InputSize), outputs.AsSpan(t * StackedModel.OutputSize, StackedModel.OutputSize));
        }

        ReferenceRun expected = new ReferenceModel(descriptor).Run(Canonical.Parameters(descriptor, model.Parameters.ToArray()), new Sequence(Steps, inputs, []), initial);
        Closeness.AssertClose("outputs from the set state", expected.Outputs, outputs, Tolerance);
        Closeness.AssertClose("final h of layer 1", expected.FinalState[1].Hidden, state.Hidden(1), Tolerance);
    }

    [Fact]
    public void The_spans_cover_exactly_the_real_units_and_the_padding_stays_zero()
    {
        var model = new LstmStackedPeepholeModel(seed: 4);
        var state = default(LstmStackedPeepholeModel.State);
        Assert.Equal(13, state.Hidden(0).Length);
        Assert.Equal(13, state.Cell(0).Length);
        Assert.Equal(7, state.Hidden(1).Length);
        Assert.Equal(7, state.Cell(1).Length);
        foreach (int layer in (int[])[0, 1])
        {
            state.Hidden(layer).Fill(0.9f);
            state.Cell(layer).Fill(-0.9f);
        }

        float[] output = new float[LstmStackedPeepholeModel.OutputSize];
        model.Step(ref state, [0.5f, -0.5f], output);

        // State: h0 and c0 of layer 0 (16 floats each, 13 real), then h1 and c1 of layer 1 (8 floats each, 7 real).
        Span<float> flat = MemoryMarshal.Cast<LstmStackedPeepholeModel.State, float>(new Span<LstmStackedPeepholeModel.State>(ref state));
        Assert.Equal(LstmStackedPeepholeModel.Descriptor.StateLength, flat.Length);
        foreach ((int start, int real, int padded) in new[] { (0, 13, 16), (16, 13, 16), (32, 7, 8), (40, 7, 8) })
        {
            Assert.All(flat.Slice(start + real, padded - real).ToArray(), value => Assert.Equal(0f, value));
            Assert.All(flat.Slice(start, real).ToArray(), value => Assert.NotEqual(0f, value));
        }
    }

    [Fact]
    public void A_layer_without_that_state_is_refused_with_the_layers_that_have_it()
    {
        var state = default(StackedModel.State);
        var dense = Assert.Throws<ArgumentOutOfRangeException>(() => state.Hidden(2).Length);
        Assert.Contains("Layer 2 has no hidden state; the recurrent layers are 0 (Gru(16)), 1 (SimpleRnn(8, Relu))", dense.Message, StringComparison.Ordinal);

        var lstmState = default(LstmStackedPeepholeModel.State);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => lstmState.Cell(-1).Length);
        Assert.Contains("Layer -1 has no cell state; the LSTM layers are 0 (Lstm(13, Peepholes)), 1 (Lstm(7))", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_and_writing_a_state_allocates_nothing()
    {
        var model = new LstmStackedPeepholeModel(seed: 5);
        var state = default(LstmStackedPeepholeModel.State);
        float[] h0 = [.. Enumerable.Range(0, 13).Select(i => i / 20f)];
        float[] readBack = new float[7];
        float[] output = new float[LstmStackedPeepholeModel.OutputSize];
        float[] input = [0.25f, -0.75f];
        Exercise(model, ref state, h0, readBack, input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Exercise(model, ref state, h0, readBack, input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Exercise(LstmStackedPeepholeModel model, ref LstmStackedPeepholeModel.State state, float[] h0, float[] readBack, float[] input, float[] output)
    {
        h0.CopyTo(state.Hidden(0));
        state.Cell(1).Clear();
        model.Step(ref state, input, output);
        state.Hidden(1).CopyTo(readBack);
    }

    /// <summary>Fills <paramref name="span"/> with values in (-0.9, 0.9) and returns them widened, for the reference.</summary>
    private static double[] Fill(Span<float> span, Random random)
    {
        double[] values = new double[span.Length];
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = (float)((random.NextDouble() * 1.8) - 0.9);
            values[i] = span[i];
        }

        return values;
    }

    private static float[] RandomFloats(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 3) - 1.5))];
}
