using System.Globalization;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;
using Xunit.Abstractions;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// The same batch, the same initial weights and the same optimizer settings as tools/make_fixtures.py gave PyTorch
/// (computed there in double precision): the initial loss and the weights after one SGD step, three Adam steps,
/// three AdamW steps and three clipped SGD-with-momentum steps agree, for every layer kind, within tolerances set from
/// what the code achieves on every SIMD path (the test output lists each case's worst errors).
/// </summary>
public sealed class PyTorchTrainingParityTests(ITestOutputHelper output)
{
    // Worst errors measured over the 11 cases (batches of 6: a tile of 4 rows and 2 alone) on each SIMD path (AVX2,
    // Vector128, scalar), and the margin kept.

    /// <summary>|loss − PyTorch's| (losses 0.09–2.4, float32 ulps 7e-9 to 2.4e-7): worst 1.5e-8; 6× margin.</summary>
    private const double LossTolerance = 1e-7;

    /// <summary>
    /// Weights after the SGD runs (with momentum and weight decay, or clipped): worst 2.4e-7 on every path, half an ulp of the largest
    /// embedding weights (|w| ≈ 4); 8× margin.
    /// </summary>
    private const double SgdTolerance = 2e-6;

    /// <summary>
    /// Weights after three Adam or AdamW steps: worst 9.6e-6 (AVX2), 4.5e-6 (Vector128), 4.1e-6 (scalar). Adam divides
    /// by √v, so where a gradient is tiny its float32 rounding error moves the update by a visible fraction of lr; 3× margin.
    /// </summary>
    private const double AdamTolerance = 3e-5;

    public static TheoryData<string> Optimizers => new() { "sgd", "adam", "adamw", "sgd_clip" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void SimpleRnnTanh(string optimizer) => Check<SimpleTanhModel>("simple_tanh", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void SimpleRnnRelu(string optimizer) => Check<SimpleReluModel>("simple_relu", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Lstm(string optimizer) => Check<LstmModel>("lstm", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void LstmPeepholes(string optimizer) => Check<LstmPeepholeModel>("lstm_peephole", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void GruResetAfter(string optimizer) => Check<GruModel>("gru", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void GruResetBefore(string optimizer) => Check<GruResetBeforeModel>("gru_reset_before", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StackedGruAndSimpleRnn(string optimizer) => Check<StackedModel>("stacked", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void DenseBeforeAndAfterGru(string optimizer) => Check<DenseFirstModel>("dense_first", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void WideLstm(string optimizer) => Check<LstmWideModel>("lstm_wide", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StackedPeepholeLstmCrossEntropy(string optimizer) => Check<LstmStackedPeepholeModel>("lstm_stacked_peephole", optimizer);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void EmbeddingLanguageModelCrossEntropy(string optimizer) => Check<EmbeddingLmModel>("embedding_lm", optimizer);

    private void Check<TModel>(string name, string optimizerName)
        where TModel : class, IRecurrentModel<TModel>
    {
        TrainingBatch batch = TrainingBatch.Load(name);
        TModel model = TrainingBatch.InitialModel<TModel>(name);
        (Optimizer optimizer, int updates, float? clip, double tolerance) = optimizerName switch
        {
            "sgd" => ((Optimizer)new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.01f), 1, (float?)null, SgdTolerance),
            "adam" => (new Adam(0.01f), 3, null, AdamTolerance),
            "adamw" => (new AdamW(0.01f, weightDecay: 0.1f), 3, null, AdamTolerance),
            _ => (new Sgd(0.05f, momentum: 0.9f), 3, 0.5f, SgdTolerance),
        };
        using Trainer<TModel> trainer = batch.Trainer(model, optimizer, clip);

        float firstLoss = batch.Train(trainer);
        for (int update = 1; update < updates; update++)
        {
            batch.Train(trainer);
        }

        double lossError = Math.Abs(firstLoss - (double)batch.Loss);
        Assert.True(lossError <= LossTolerance, string.Create(CultureInfo.InvariantCulture, $"{name}: loss {firstLoss:R}, PyTorch {batch.Loss:R}, difference {lossError:E2} > {LossTolerance:E0}."));
        double worst = 0;
        foreach (TensorDescriptor tensor in TModel.Descriptor.Tensors)
        {
            float[] actual = new float[tensor.ElementCount];
            tensor.Gather(model.Parameters, actual);
            worst = Math.Max(worst, Closeness.AssertClose($"{name} {optimizerName} {tensor.Name}", batch.Document[optimizerName + "." + tensor.Name].Floats, actual, tolerance));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {optimizerName}: loss error {lossError:E2}, max weight error {worst:E2}"));
    }
}
