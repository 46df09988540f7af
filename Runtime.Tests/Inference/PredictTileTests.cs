using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Reference;
using RnnCodegen.Tests.Streams;

namespace RnnCodegen.Tests.Inference;

/// <summary>
/// Predict runs tiles of 4 time steps (the first recurrent layer's input projection and the Dense head for all 4 at
/// once, the recurrences step by step between) and the steps left over one at a time; either way it must give what
/// stepping the sequence one <c>Step(ref state, …)</c> at a time gives, for every layer kind and variant, for lengths
/// below, at and between whole tiles, and over a sequence long enough for differences to build up in the state.
/// </summary>
public sealed class PredictTileTests
{
    private const int Seed = 5;

    // The tile kernels order each step's sums differently from the single-step kernel (the input columns in one chain
    // per step, then W_hh h₋₁ in two; the head in 2 chains, not 4): the outputs are O(1), so that moves them by a few
    // ulps, and the state carries such differences on without growing them past that (T = 128 included); 1e-6 is the
    // bound the issue sets.
    private const double Tolerance = 1e-6;

    private static readonly int[] s_lengths = [1, 3, 4, 5, 8, 11, 128];

    [Theory]
    [MemberData(nameof(StreamModelCatalog.Names), MemberType = typeof(StreamModelCatalog))]
    public void Predict_equals_stepping_the_sequence(string name)
    {
        IStreamModel stepped = StreamModelCatalog.Get(name);
        IModelUnderTest predicted = ModelCatalog.Get(name);
        foreach (int length in s_lengths)
        {
            Sequence sequence = TestData.RandomSequence(stepped.Descriptor, length, new Random(length));

            float[] actual = predicted.Predict(Seed, sequence);

            Closeness.AssertClose($"{name}, T = {length}", stepped.StepEachAlone(Seed, [sequence]), actual, Tolerance);
        }
    }

    /// <summary>
    /// A first layer whose tile of projections would not fit Predict's stack budget (4 × 4 gates × 1032 padded units
    /// &gt; 16384 floats) runs its whole step in the recurrence: still equal to stepping.
    /// </summary>
    [Fact]
    public void Predict_equals_stepping_when_the_first_layer_is_too_large_to_project()
    {
        var model = new LstmTooLargeToProjectModel(Seed);
        const int Steps = 6;
        float[] inputs = new float[Steps * LstmTooLargeToProjectModel.InputSize];
        var random = new Random(Steps);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] stepped = new float[Steps * LstmTooLargeToProjectModel.OutputSize];
        LstmTooLargeToProjectModel.State state = default;
        for (int t = 0; t < Steps; t++)
        {
            model.Step(ref state, inputs.AsSpan(t * LstmTooLargeToProjectModel.InputSize, LstmTooLargeToProjectModel.InputSize), stepped.AsSpan(t * LstmTooLargeToProjectModel.OutputSize, LstmTooLargeToProjectModel.OutputSize));
        }

        float[] predicted = new float[stepped.Length];
        model.Predict(inputs, predicted);

        Closeness.AssertClose("Lstm(1025), T = 6", stepped, predicted, Tolerance);
    }
}
