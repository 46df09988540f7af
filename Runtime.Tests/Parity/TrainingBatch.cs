using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Serialization;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// One case's <c>{name}.train.safetensors</c> from tools/make_fixtures.py: a batch (float inputs or tokens; float targets
/// or classes), PyTorch's loss and gradient of the initial weights, and the weights after each optimizer run.
/// </summary>
internal sealed class TrainingBatch
{
    private readonly int[] _tokens;
    private readonly int[] _classes;

    private TrainingBatch(string name)
    {
        Name = name;
        Document = SafetensorsDocument.Read(Fixture.PathOf(name + ".train.safetensors"));
        bool tokens = Document.Tensors.Any(tensor => tensor.Name == "tokens");
        bool classes = Document.Tensors.Any(tensor => tensor.Name == "classes");
        _tokens = tokens ? [.. Document["tokens"].Int64s.Select(id => checked((int)id))] : [];
        _classes = classes ? [.. Document["classes"].Int64s.Select(id => checked((int)id))] : [];
        long[] shape = [.. Document[tokens ? "tokens" : "input"].Shape];
        BatchSize = (int)shape[0];
        Steps = (int)shape[1];
    }

    public string Name { get; }

    /// <summary>Every tensor of the file, e.g. <c>grad.layers.0.weight_hh_l0</c> or <c>adam.layers.1.bias</c>.</summary>
    public SafetensorsDocument Document { get; }

    public int BatchSize { get; }

    public int Steps { get; }

    public bool TakesClasses => _classes.Length > 0;

    /// <summary>PyTorch's mean loss of the initial weights.</summary>
    public float Loss => Document["loss"].Floats[0];

    public static TrainingBatch Load(string name) => new(name);

    /// <summary>A model holding the case's initial PyTorch weights (the seed is overwritten by the import).</summary>
    public static TModel InitialModel<TModel>(string name)
        where TModel : class, IRecurrentModel<TModel>
    {
        TModel model = TModel.Create(seed: 3);
        Safetensors.Import(TModel.Descriptor, model.Parameters, Fixture.PathOf(name + ".safetensors"));
        return model;
    }

    /// <summary>A trainer of <paramref name="model"/> with the case's loss: cross-entropy for class targets, else MSE.</summary>
    public Trainer<TModel> Trainer<TModel>(TModel model, Optimizer optimizer, float? clipGradientNorm = null)
        where TModel : class, IRecurrentModel<TModel> =>
        new(model, optimizer, TakesClasses ? RnnCodegen.Loss.CrossEntropy : RnnCodegen.Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = clipGradientNorm });

    /// <summary>One <c>TrainBatch</c> on the whole batch; returns the loss before the update.</summary>
    public float Train<TModel>(Trainer<TModel> trainer)
        where TModel : class, IRecurrentModel<TModel> =>
        (_tokens.Length > 0, TakesClasses) switch
        {
            (true, true) => trainer.TrainBatch(_tokens, _classes, BatchSize, Steps),
            (true, false) => trainer.TrainBatch(_tokens, Document["target"].Floats, BatchSize, Steps),
            (false, true) => trainer.TrainBatch(Document["input"].Floats, _classes, BatchSize, Steps),
            _ => trainer.TrainBatch(Document["input"].Floats, Document["target"].Floats, BatchSize, Steps),
        };
}
