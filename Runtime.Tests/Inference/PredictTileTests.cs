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
    public void Predict_equals_stepping_when_the_first_layer_is_too_large_to_project() =>
        AssertPredictEqualsStepping(new LstmTooLargeToProjectModel(Seed), LstmTooLargeToProjectModel.InputSize, LstmTooLargeToProjectModel.OutputSize, 6,
            static (m, x, y) => m.Step(x, y), static (m, x, y) => m.Predict(x, y));

    /// <summary>
    /// Only the first recurrent layer is projected per tile: a Dense layer between it and the next recurrent layer runs
    /// inside each step, where its input (the first layer's h) exists.
    /// </summary>
    [Fact]
    public void Predict_equals_stepping_with_a_dense_layer_between_recurrent_layers() =>
        AssertPredictEqualsStepping(new DenseBetweenRecurrentModel(Seed), DenseBetweenRecurrentModel.InputSize, DenseBetweenRecurrentModel.OutputSize, 131,
            static (m, x, y) => m.Step(x, y), static (m, x, y) => m.Predict(x, y));

    private delegate void Run<TModel>(TModel model, ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Predict on random inputs against stepping a fresh model's own state through the same inputs.</summary>
    private static void AssertPredictEqualsStepping<TModel>(TModel model, int inputSize, int outputSize, int steps, Run<TModel> step, Run<TModel> predict)
    {
        float[] inputs = new float[steps * inputSize];
        var random = new Random(steps);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] stepped = new float[steps * outputSize];
        for (int t = 0; t < steps; t++)
        {
            step(model, inputs.AsSpan(t * inputSize, inputSize), stepped.AsSpan(t * outputSize, outputSize));
        }

        float[] predicted = new float[stepped.Length];
        predict(model, inputs, predicted);

        Closeness.AssertClose($"{typeof(TModel).Name}, T = {steps}", stepped, predicted, Tolerance);
    }
}
