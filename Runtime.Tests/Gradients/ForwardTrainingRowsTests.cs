using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>
/// The batched training forward pass (<c>ForwardTrainingRows</c>): a tile of 4 rows runs in lock-step through the layers'
/// tile kernels, the rows left over one at a time. Every row must match the double-precision reference from its own
/// starting state, and record the tape the single-row pass (checked against finite differences by the gradient tests) records.
/// </summary>
public sealed class ForwardTrainingRowsTests
{
    private const int Steps = 6;
    private const int Seed = 5;

    /// <summary>One tile of 4 and 2 rows left over.</summary>
    private const int Rows = 6;

    /// <summary>Outputs and final states against the double reference, as for one row (ForwardParityTests).</summary>
    private const double Tolerance = 1e-5;

    /// <summary>
    /// Tile-recorded tapes against the single-row pass's: the tile kernels order each gate's sum differently (one
    /// chain per row instead of two), a few ulps of values below 10: worst measured 2.4e-7 on every SIMD path, so 1e-6 leaves 4×.
    /// </summary>
    private const double TapeTolerance = 1e-6;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Every_row_matches_the_reference_from_its_own_state(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        (Sequence[] sequences, float[][] states, float[] parameters) = RandomBatch(model, seed: 21);

        TrainingPass[] passes = model.ForwardTrainingRows(parameters, sequences, states, logits: false);

        var reference = new ReferenceModel(descriptor);
        double[] theta = Canonical.Parameters(descriptor, parameters);
        for (int row = 0; row < Rows; row++)
        {
            ReferenceRun expected = reference.Run(theta, sequences[row], ReferenceState.FromFlat(descriptor, states[row]));
            Closeness.AssertClose($"{name} row {row} outputs", expected.Outputs, passes[row].Outputs, Tolerance);
            ReferenceState final = ReferenceState.FromFlat(descriptor, passes[row].FinalState);
            foreach (LayerDescriptor layer in descriptor.Layers.Where(layer => layer.IsRecurrent))
            {
                Closeness.AssertClose($"{name} row {row} final h of layer {layer.Index}", expected.FinalState[layer.Index].Hidden, Array.ConvertAll(final[layer.Index].Hidden, value => (float)value), Tolerance);
                Closeness.AssertClose($"{name} row {row} final c of layer {layer.Index}", expected.FinalState[layer.Index].Cell, Array.ConvertAll(final[layer.Index].Cell, value => (float)value), Tolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Every_row_records_the_tape_of_the_single_row_pass(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        (Sequence[] sequences, float[][] states, float[] parameters) = RandomBatch(model, seed: 22);

        TrainingPass[] passes = model.ForwardTrainingRows(parameters, sequences, states, logits: true);

        for (int row = 0; row < Rows; row++)
        {
            TrainingPass single = model.ForwardTraining(parameters, sequences[row], states[row], logits: true);
            Closeness.AssertClose($"{name} row {row} tape", single.Tape, passes[row].Tape, TapeTolerance);
            Closeness.AssertClose($"{name} row {row} logits", single.Outputs, passes[row].Outputs, TapeTolerance);
        }
    }

    /// <summary>Random sequences and starting states for <see cref="Rows"/> rows, and the seeded parameters.</summary>
    private static (Sequence[] Sequences, float[][] States, float[] Parameters) RandomBatch(IModelUnderTest model, int seed)
    {
        var random = new Random(seed);
        Sequence[] sequences = [.. Enumerable.Range(0, Rows).Select(_ => TestData.RandomSequence(model.Descriptor, Steps, random))];
        float[][] states = [.. Enumerable.Range(0, Rows).Select(_ => TestData.RandomState(model.Descriptor, random))];
        return (sequences, states, model.SeededParameters(Seed));
    }
}
