using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Reference;
using RnnCodegen.Tests.Streams;

namespace RnnCodegen.Tests.Inference;

/// <summary>
/// Predict runs a Dense head over tiles of 4 time steps and the steps left over one at a time; either way it must
/// give what stepping the sequence one <c>Step(ref state, …)</c> at a time gives, for every layer kind and variant and
/// for lengths below, at and between whole tiles.
/// </summary>
public sealed class PredictTileTests
{
    private const int Seed = 5;

    // The tile kernel orders each step's sums differently from the single-step kernel (2 accumulator chains, not 4):
    // the outputs are O(1), so that moves them by a few ulps; 1e-6 is the bound the issue sets.
    private const double Tolerance = 1e-6;

    private static readonly int[] s_lengths = [1, 3, 4, 5, 8, 11];

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
}
