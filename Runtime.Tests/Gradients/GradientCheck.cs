using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>
/// Checks a generated model's Backward against central finite differences of the double reference, for the loss
/// L = Σ_t Σ_o w[t, o] · out[t, o] with fixed random weights w (so dL/d(out) = w).
/// </summary>
internal static class GradientCheck
{
    public const double Epsilon = 1e-5;

    /// <summary>
    /// Float32 backward against a double reference: a gradient passes within either tolerance. Worst measured over the
    /// 48 checks of <see cref="GradientTests"/> on each SIMD path (AVX2, Vector128, scalar): 2.1e-7 absolute, so 1e-6
    /// leaves about 5×. Dropping one term (the peephole carry p_f·δf) puts most gradients of a peephole model off, by up to 1e-3.
    /// </summary>
    public const double AbsoluteTolerance = 1e-6;

    /// <summary>
    /// For gradients larger than <see cref="AbsoluteTolerance"/> / this (3.3e-2), where float32 rounding grows with the
    /// value: the worst relative error over gradients above 1e-2 measured 4.1e-6 (AVX2) and 3.7e-6 (Vector128, scalar),
    /// so 3e-5 leaves about 7×.
    /// </summary>
    public const double RelativeTolerance = 3e-5;

    /// <summary>
    /// Runs M.ForwardTraining from <paramref name="initialState"/> and M.Backward, then compares the gradient of every
    /// parameter (of <paramref name="maxChecked"/> spread evenly over the canonical order, for larger models) with
    /// (L(θ + ε) − L(θ − ε)) / 2ε of the reference started from the same state.
    /// </summary>
    public static GradientReport Run(IModelUnderTest model, int seed, Sequence sequence, float[] initialState, bool logits, int maxChecked)
    {
        ModelDescriptor descriptor = model.Descriptor;
        float[] parameters = model.SeededParameters(seed);
        float[] lossWeights = TestData.Uniform(sequence.Steps * descriptor.OutputSize, 1, new Random(seed));

        TrainingPass pass = model.ForwardTraining(parameters, sequence, initialState, logits);
        float[] gradients = new float[descriptor.StorageLength];
        model.Backward(parameters, sequence, pass, lossWeights, gradients);
        float[] analytic = Canonical.Gather(descriptor, gradients);

        var reference = new ReferenceModel(descriptor);
        ReferenceState start = ReferenceState.FromFlat(descriptor, initialState);
        double Loss(double[] theta)
        {
            ReferenceRun run = reference.Run(theta, sequence, start);
            double[] values = logits ? run.Logits ?? throw new InvalidOperationException($"{model.Name} has no last Dense layer to give logits.") : run.Outputs;
            double sum = 0;
            for (int i = 0; i < values.Length; i++)
            {
                sum += lossWeights[i] * values[i];
            }

            return sum;
        }

        double[] theta = Canonical.Parameters(descriptor, parameters);
        var report = new GradientReport(model.Name, descriptor);
        foreach (int index in CheckedIndices(descriptor.ParameterCount, maxChecked))
        {
            double saved = theta[index];
            theta[index] = saved + Epsilon;
            double plus = Loss(theta);
            theta[index] = saved - Epsilon;
            double minus = Loss(theta);
            theta[index] = saved;
            report.Add(index, (plus - minus) / (2 * Epsilon), analytic[index]);
        }

        return report;
    }

    /// <summary>Evenly spread with uneven strides, so a sample of a matrix visits many different columns.</summary>
    private static IEnumerable<int> CheckedIndices(int count, int maxChecked) =>
        count <= maxChecked
            ? Enumerable.Range(0, count)
            : Enumerable.Range(0, maxChecked).Select(j => (int)((long)j * count / maxChecked));
}
