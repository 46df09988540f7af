using System.Globalization;
using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;
using Xunit.Abstractions;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// The gradient the trainer sums over a batch (forward, loss, generated Backward) against PyTorch autograd's of the same
/// loss (tools/make_fixtures.py, double precision): every <c>grad.{name}</c> tensor of every training fixture, read out
/// of <see cref="IRecurrentModel{TSelf}.Gradients"/> in PyTorch layout through the descriptor.
/// </summary>
public sealed class PyTorchGradientParityTests(ITestOutputHelper output)
{
    /// <summary>
    /// |gradient − PyTorch's|: worst measured 1.2e-7 (AVX2; 6.0e-8 on Vector128 and scalar) over the 11 cases of 6
    /// sequences each; 8× margin.
    /// </summary>
    private const double MaxError = 1e-6;

    private const string Prefix = "grad.";

    [Fact]
    public void SimpleRnnTanh() => Check<SimpleTanhModel>("simple_tanh");

    [Fact]
    public void SimpleRnnRelu() => Check<SimpleReluModel>("simple_relu");

    [Fact]
    public void Lstm() => Check<LstmModel>("lstm");

    [Fact]
    public void LstmPeepholes() => Check<LstmPeepholeModel>("lstm_peephole");

    [Fact]
    public void GruResetAfter() => Check<GruModel>("gru");

    [Fact]
    public void GruResetBefore() => Check<GruResetBeforeModel>("gru_reset_before");

    [Fact]
    public void StackedGruAndSimpleRnn() => Check<StackedModel>("stacked");

    [Fact]
    public void DenseBeforeAndAfterGru() => Check<DenseFirstModel>("dense_first");

    [Fact]
    public void WideLstm() => Check<LstmWideModel>("lstm_wide");

    [Fact]
    public void StackedPeepholeLstmCrossEntropy() => Check<LstmStackedPeepholeModel>("lstm_stacked_peephole");

    [Fact]
    public void EmbeddingLanguageModelCrossEntropy() => Check<EmbeddingLmModel>("embedding_lm");

    private void Check<TModel>(string name)
        where TModel : class, IRecurrentModel<TModel>
    {
        TrainingBatch batch = TrainingBatch.Load(name);
        TModel model = TrainingBatch.InitialModel<TModel>(name);
        using Trainer<TModel> trainer = batch.Trainer(model, new Sgd(0.1f));

        // Without clipping the trainer leaves the batch's gradient in model.Gradients; the SGD step only reads it.
        batch.Train(trainer);

        Assert.Equal(
            TModel.Descriptor.Tensors.Select(tensor => Prefix + tensor.Name),
            batch.Document.Tensors.Select(tensor => tensor.Name).Where(tensorName => tensorName.StartsWith(Prefix, StringComparison.Ordinal)));
        double worst = 0;
        foreach (TensorDescriptor tensor in TModel.Descriptor.Tensors)
        {
            float[] actual = new float[tensor.ElementCount];
            tensor.Gather(model.Gradients, actual);
            worst = Math.Max(worst, Closeness.AssertClose($"{name} gradient of {tensor.Name}", batch.Document[Prefix + tensor.Name].Floats, actual, MaxError));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: max gradient error {worst:E2}"));
    }
}
