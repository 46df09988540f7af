using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// The same batch, the same initial weights and the same optimizer settings as tools/make_fixtures.py gave PyTorch
/// (computed there in double precision): the initial loss and the weights after one SGD step, three Adam steps,
/// three AdamW steps and three clipped SGD-with-momentum steps agree to 1e-4, for every layer kind.
/// </summary>
public sealed class PyTorchTrainingParityTests
{
    private const double MaxError = 1e-4;

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

    private static void Check<TModel>(string name, string optimizerName)
        where TModel : class, IRecurrentModel<TModel>
    {
        SafetensorsDocument batch = SafetensorsDocument.Read(Fixture.PathOf(name + ".train.safetensors"));
        TModel model = TModel.Create(seed: 3);
        Safetensors.Import(TModel.Descriptor, model.Parameters, Fixture.PathOf(name + ".safetensors"));
        bool tokens = batch.Tensors.Any(tensor => tensor.Name == "tokens");
        bool classes = batch.Tensors.Any(tensor => tensor.Name == "classes");
        long[] shape = [.. batch[tokens ? "tokens" : "input"].Shape];
        int batchSize = (int)shape[0];
        int steps = (int)shape[1];

        (Optimizer optimizer, int updates, float? clip) = optimizerName switch
        {
            "sgd" => ((Optimizer)new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.01f), 1, (float?)null),
            "adam" => (new Adam(0.01f), 3, null),
            "adamw" => (new AdamW(0.01f, weightDecay: 0.1f), 3, null),
            _ => (new Sgd(0.05f, momentum: 0.9f), 3, 0.5f),
        };
        using var trainer = new Trainer<TModel>(model, optimizer, classes ? Loss.CrossEntropy : Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = steps, ClipGradientNorm = clip });

        float firstLoss = 0;
        for (int update = 0; update < updates; update++)
        {
            float loss = Train(trainer, batch, tokens, classes, batchSize, steps);
            if (update == 0)
            {
                firstLoss = loss;
            }
        }

        Assert.True(Math.Abs(firstLoss - batch["loss"].Floats[0]) <= MaxError * Math.Max(1, Math.Abs(batch["loss"].Floats[0])), $"{name}: loss {firstLoss}, PyTorch {batch["loss"].Floats[0]}");
        foreach (TensorDescriptor tensor in TModel.Descriptor.Tensors)
        {
            float[] actual = new float[tensor.ElementCount];
            tensor.Gather(model.Parameters, actual);
            Tolerance.AssertClose(batch[optimizerName + "." + tensor.Name].Floats, actual, MaxError, $"{name} {optimizerName} {tensor.Name}");
        }
    }

    private static float Train<TModel>(Trainer<TModel> trainer, SafetensorsDocument batch, bool tokens, bool classes, int batchSize, int steps)
        where TModel : class, IRecurrentModel<TModel>
    {
        int[] ids = tokens ? [.. batch["tokens"].Int64s.Select(id => (int)id)] : [];
        int[] labels = classes ? [.. batch["classes"].Int64s.Select(id => (int)id)] : [];
        return (tokens, classes) switch
        {
            (true, true) => trainer.TrainBatch(ids, labels, batchSize, steps),
            (true, false) => trainer.TrainBatch(ids, batch["target"].Floats, batchSize, steps),
            (false, true) => trainer.TrainBatch(batch["input"].Floats, labels, batchSize, steps),
            _ => trainer.TrainBatch(batch["input"].Floats, batch["target"].Floats, batchSize, steps),
        };
    }
}
