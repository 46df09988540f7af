using System.Linq;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>
/// The batched backward pass (<c>BackwardRows</c>): a tile of 4 rows shares each weight load of its transposed
/// products, the rows left over run one at a time. Every row must record the deltas the single-row pass records (that
/// pass is checked against finite differences and PyTorch by the gradient tests).
/// </summary>
public sealed class BackwardRowsTests
{
    private const int Steps = 6;
    private const int Seed = 5;

    /// <summary>One tile of 4 and 2 rows left over.</summary>
    private const int Rows = 6;

    /// <summary>
    /// The tile sums each W^T δ in one chain per row and column instead of two, a few ulps of deltas below 1 that
    /// compound over the steps back through time: worst measured 6.0e-8 on every SIMD path, so 5e-7 leaves 8×.
    /// </summary>
    private const double Tolerance = 5e-7;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Every_row_records_the_deltas_of_the_single_row_pass(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        var random = new Random(23);
        float[] parameters = model.SeededParameters(Seed);
        TrainingPass[] passes = [.. Enumerable.Range(0, Rows).Select(_ => model.ForwardTraining(
            parameters, TestData.RandomSequence(model.Descriptor, Steps, random), TestData.RandomState(model.Descriptor, random), logits: false))];
        float[][] outputGradients = [.. passes.Select(pass => TestData.Uniform(pass.Outputs.Length, 1, random))];

        float[][] batched = model.DeltasRows(parameters, passes, outputGradients);

        for (int row = 0; row < Rows; row++)
        {
            Closeness.AssertClose($"{name} row {row} deltas", model.Deltas(parameters, passes[row], outputGradients[row]), batched[row], Tolerance);
        }
    }
}
