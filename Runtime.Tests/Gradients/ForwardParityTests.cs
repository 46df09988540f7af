using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>The generated forward passes (Predict and ForwardTraining) against the double-precision reference.</summary>
public sealed class ForwardParityTests
{
    private const int Steps = 7;
    private const int Seed = 5;
    private const double Tolerance = 1e-5;
    private const double PredictTolerance = 1e-6;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Predict_MatchesTheReference(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, new Random(11));

        float[] actual = model.Predict(Seed, sequence);

        ReferenceRun expected = RunReference(model, sequence, ReferenceState.Zero(model.Descriptor));
        Closeness.AssertClose($"{name} Predict outputs", expected.Outputs, actual, Tolerance);
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void ForwardTraining_FromZeroState_EqualsPredict(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, new Random(12));

        TrainingPass pass = model.ForwardTraining(model.SeededParameters(Seed), sequence, new float[model.Descriptor.StateLength], logits: false);

        // Predict runs a Dense head through the 4-step tile kernel, which orders each sum differently: a few ulps.
        Closeness.AssertClose($"{name} ForwardTraining against Predict", model.Predict(Seed, sequence), pass.Outputs, PredictTolerance);
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void ForwardTraining_FromRandomState_MatchesTheReferenceAndLeavesItsFinalState(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        var random = new Random(13);
        Sequence sequence = TestData.RandomSequence(descriptor, Steps, random);
        float[] initialState = TestData.RandomState(descriptor, random);

        TrainingPass pass = model.ForwardTraining(model.SeededParameters(Seed), sequence, initialState, logits: false);

        ReferenceRun expected = RunReference(model, sequence, ReferenceState.FromFlat(descriptor, initialState));
        Closeness.AssertClose($"{name} ForwardTraining outputs from a random state", expected.Outputs, pass.Outputs, Tolerance);
        ReferenceState actualFinal = ReferenceState.FromFlat(descriptor, pass.FinalState);
        foreach (LayerDescriptor layer in descriptor.Layers)
        {
            if (layer.IsRecurrent)
            {
                AssertClose($"{name} final h of layer {layer.Index}", expected.FinalState[layer.Index].Hidden, actualFinal[layer.Index].Hidden);
                AssertClose($"{name} final c of layer {layer.Index}", expected.FinalState[layer.Index].Cell, actualFinal[layer.Index].Cell);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.ActivatedDenseOutputNames), MemberType = typeof(ModelCatalog))]
    public void ForwardTraining_WithLogits_WritesTheReferencePreActivations(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, new Random(14));

        TrainingPass pass = model.ForwardTraining(model.SeededParameters(Seed), sequence, new float[model.Descriptor.StateLength], logits: true);

        ReferenceRun expected = RunReference(model, sequence, ReferenceState.Zero(model.Descriptor));
        Closeness.AssertClose($"{name} ForwardTraining logits", expected.Logits!, pass.Outputs, Tolerance);
    }

    private static ReferenceRun RunReference(IModelUnderTest model, Sequence sequence, ReferenceState initialState) =>
        new ReferenceModel(model.Descriptor).Run(Canonical.Parameters(model.Descriptor, model.SeededParameters(Seed)), sequence, initialState);

    /// <summary>The final state was read back through <see cref="ReferenceState.FromFlat"/>, so it is double already.</summary>
    private static void AssertClose(string what, double[] expected, double[] actual) =>
        Closeness.AssertClose(what, expected, Array.ConvertAll(actual, value => (float)value), Tolerance);
}
