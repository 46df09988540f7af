using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Gradients;

/// <summary>Every model the reference tests run: the PyTorch fixture models and the extra ones of <c>GradientModels.cs</c>.</summary>
internal static class ModelCatalog
{
    private static readonly IModelUnderTest[] s_models =
    [
        Model<SimpleTanhModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<SimpleReluModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<LstmModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<LstmPeepholeModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<GruModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<GruResetBeforeModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<StackedModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<EmbeddingLmModel>((model, sequence, outputs) => model.Predict(sequence.Tokens, outputs)),
        Model<DenseFirstModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<LstmWideModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<LstmStackedPeepholeModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<Lstm19Model>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<GruResetBefore11Model>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<SimpleRelu10Model>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<DenseBeforeLstmModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<StackedGruLstmModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<DenseActivationsModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<RecurrentOutputModel>((model, sequence, outputs) => model.Predict(sequence.Inputs, outputs)),
        Model<TokenGruModel>((model, sequence, outputs) => model.Predict(sequence.Tokens, outputs)),
    ];

    /// <summary>Every model.</summary>
    public static TheoryData<string> Names => [.. s_models.Select(model => model.Name)];

    /// <summary>Models whose last layer is Dense with an activation, where logits differ from the outputs.</summary>
    public static TheoryData<string> ActivatedDenseOutputNames =>
        [.. s_models.Where(model => model.Descriptor.Layers[^1] is { Kind: LayerKind.Dense, Activation: not Activation.Linear }).Select(model => model.Name)];

    public static IModelUnderTest Get(string name) =>
        s_models.SingleOrDefault(model => model.Name == name) ?? throw new KeyNotFoundException($"No model named {name} in the catalog.");

    private static ModelUnderTest<TModel> Model<TModel>(Predictor<TModel> predict)
        where TModel : class, IRecurrentModel<TModel> => new(predict);
}
