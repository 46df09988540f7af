using System.Linq;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Streams;

/// <summary>
/// The batched <c>Step(states, inputs, outputs)</c> advances every stream as <c>Step(ref state, …)</c> does on its own,
/// for every layer kind and variant and for stream counts below, at and between whole tiles.
/// </summary>
public sealed class StreamStepTests
{
    private const int Steps = 4;
    private const int Seed = 5;

    // The batched and the single step run the same float operations per stream; 1e-6 leaves room for a kernel that
    // orders a stream's sums differently (the outputs are O(1), so that is a few ulps).
    private const double SingleStepTolerance = 1e-6;

    // The float model against the double reference: the tolerance ForwardParityTests holds Predict to.
    private const double ReferenceTolerance = 1e-5;

    // Below, at and between whole tiles of 4, and the 16 and 17 a server meets (whole tiles, then one stream left over).
    private static readonly int[] s_streamCounts = [1, 2, 3, 4, 5, 8, 9, 16, 17];

    [Theory]
    [MemberData(nameof(StreamModelCatalog.Names), MemberType = typeof(StreamModelCatalog))]
    public void Batched_step_equals_a_single_step_per_stream(string name)
    {
        IStreamModel model = StreamModelCatalog.Get(name);
        foreach (int count in s_streamCounts)
        {
            Sequence[] streams = RandomStreams(model, count, new Random(count));

            float[] together = model.StepTogether(Seed, streams);

            Closeness.AssertClose($"{name}, {count} streams", model.StepEachAlone(Seed, streams), together, SingleStepTolerance);
        }
    }

    [Theory]
    [MemberData(nameof(StreamModelCatalog.Names), MemberType = typeof(StreamModelCatalog))]
    public void Batched_step_matches_the_double_precision_reference(string name)
    {
        IStreamModel model = StreamModelCatalog.Get(name);
        const int count = 9;
        Sequence[] streams = RandomStreams(model, count, new Random(21));
        var reference = new ReferenceModel(model.Descriptor);
        double[] parameters = Canonical.Parameters(model.Descriptor, model.SeededParameters(Seed));
        double[][] perStream = [.. streams.Select(sequence => reference.Run(parameters, sequence).Outputs)];

        // The reference runs stream by stream ([stream, step, output]); the batched step writes [step, stream, output].
        int outputSize = model.Descriptor.OutputSize;
        double[] expected = new double[Steps * count * outputSize];
        for (int t = 0; t < Steps; t++)
        {
            for (int s = 0; s < count; s++)
            {
                perStream[s].AsSpan(t * outputSize, outputSize).CopyTo(expected.AsSpan(((t * count) + s) * outputSize));
            }
        }

        Closeness.AssertClose($"{name}, {count} streams against the reference", expected, model.StepTogether(Seed, streams), ReferenceTolerance);
    }

    private static Sequence[] RandomStreams(IStreamModel model, int count, Random random) =>
        [.. Enumerable.Range(0, count).Select(_ => TestData.RandomSequence(model.Descriptor, Steps, random))];
}
