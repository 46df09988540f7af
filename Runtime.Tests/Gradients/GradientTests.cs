using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;
using Xunit.Abstractions;

namespace RnnCodegen.Tests.Gradients;

/// <summary>
/// The generated Backward against central finite differences of the double reference, for every declared model:
/// every layer kind and variant, T = 5 steps so gradients flow through time.
/// </summary>
public sealed class GradientTests(ITestOutputHelper output)
{
    private const int Steps = 5;

    /// <summary>Every parameter of models up to this size; an even sample of this many for larger ones.</summary>
    private const int EveryParameterUpTo = 3000;

    /// <summary>
    /// The initial-state and logits paths feed every parameter's gradient alike, so a smaller even sample shows them;
    /// it keeps the finite differences of the largest models (two double forward passes per parameter) short.
    /// </summary>
    private const int PathSample = 800;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Backward_FromZeroState_MatchesFiniteDifferences(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, new Random(21));

        Check(GradientCheck.Run(model, seed: 1, sequence, new float[model.Descriptor.StateLength], logits: false, EveryParameterUpTo));
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Backward_FromRandomState_MatchesFiniteDifferences(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        var random = new Random(22);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, random);

        Check(GradientCheck.Run(model, seed: 2, sequence, TestData.RandomState(model.Descriptor, random), logits: false, PathSample));
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.ActivatedDenseOutputNames), MemberType = typeof(ModelCatalog))]
    public void Backward_OnLogits_MatchesFiniteDifferencesOfTheLogits(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        Sequence sequence = TestData.RandomSequence(model.Descriptor, Steps, new Random(23));

        Check(GradientCheck.Run(model, seed: 3, sequence, new float[model.Descriptor.StateLength], logits: true, PathSample));
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Backward_AddsToTheGradientsItIsGiven(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        var random = new Random(24);
        Sequence sequence = TestData.RandomSequence(descriptor, Steps, random);
        float[] parameters = model.SeededParameters(4);
        float[] outputGradients = TestData.Uniform(Steps * descriptor.OutputSize, 1, random);
        TrainingPass pass = model.ForwardTraining(parameters, sequence, new float[descriptor.StateLength], logits: false);
        float[] alone = new float[descriptor.StorageLength];
        model.Backward(parameters, sequence, pass, outputGradients, alone);
        float[] earlier = new float[descriptor.StorageLength];
        descriptor.ScatterCanonical(TestData.Uniform(descriptor.ParameterCount, 1, random), earlier);

        float[] accumulated = (float[])earlier.Clone();
        model.Backward(parameters, sequence, pass, outputGradients, accumulated);

        double[] expected = new double[alone.Length];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (double)earlier[i] + alone[i];
        }

        Closeness.AssertClose($"{name} gradients added to earlier ones", expected, accumulated, 1e-5);
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Backward_LeavesThePaddingGradientsAtZero(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        var random = new Random(25);
        Sequence sequence = TestData.RandomSequence(descriptor, Steps, random);
        float[] parameters = model.SeededParameters(5);
        TrainingPass pass = model.ForwardTraining(parameters, sequence, TestData.RandomState(descriptor, random), logits: false);
        float[] gradients = new float[descriptor.StorageLength];

        model.Backward(parameters, sequence, pass, TestData.Uniform(Steps * descriptor.OutputSize, 1, random), gradients);

        // Copying only the real parameters' gradients to a zeroed storage leaves the padding zero: any other difference is padding.
        float[] realOnly = new float[descriptor.StorageLength];
        descriptor.ScatterCanonical(Canonical.Gather(descriptor, gradients), realOnly);
        for (int i = 0; i < gradients.Length; i++)
        {
            Assert.True(realOnly[i] == gradients[i], $"{name}: padding gradient at storage index {i} is {gradients[i]:R}, expected 0.");
        }
    }

    private void Check(GradientReport report)
    {
        output.WriteLine(report.Summary);
        report.AssertNoMismatch();
    }
}
