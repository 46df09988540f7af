using System;
using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Benchmarks.Naive;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>Maps each <see cref="DeclaredModel"/> to its class: descriptor, and a checked pair of generated and naive models.</summary>
public static class ModelCatalog
{
    /// <summary>Seed of every generated model's parameters, so runs compare the same weights.</summary>
    public const int Seed = 1;

    /// <summary>The declared models whose recurrent layer is of <paramref name="kind"/>, in declaration order.</summary>
    public static IEnumerable<DeclaredModel> OfKind(LayerKind kind) =>
        Enum.GetValues<DeclaredModel>().Where(model => Describe(model).Layers[0].Kind == kind);

    /// <summary>The model's layers and tensors.</summary>
    public static ModelDescriptor Describe(DeclaredModel model) => Entry(model).Descriptor;

    /// <summary>
    /// Creates the generated model and its naive twin with the same weights, and checks with <see cref="EquivalenceGuard"/>
    /// that they compute the same outputs.
    /// </summary>
    public static ModelPair CreateVerified(DeclaredModel model)
    {
        ModelPair pair = Entry(model).CreatePair();
        EquivalenceGuard.Verify(pair, model.ToString());
        return pair;
    }

    /// <summary>
    /// The generated model (from <see cref="Seed"/>) with a <see cref="Trainer{TModel}"/> that uses at most
    /// <paramref name="maxThreads"/> threads; its naive twin is <see cref="NaiveTrainer.Create"/> on its parameters.
    /// </summary>
    public static IGeneratedTraining CreateTraining(DeclaredModel model, int maxThreads) => Entry(model).CreateTraining(maxThreads);

    private static CatalogEntry Entry(DeclaredModel model) => model switch
    {
        DeclaredModel.Lstm_1_8_1 => CatalogEntry.Of<Lstm_1_8_1>(),
        DeclaredModel.Lstm_1_32_1 => CatalogEntry.Of<Lstm_1_32_1>(),
        DeclaredModel.Lstm_1_64_1 => CatalogEntry.Of<Lstm_1_64_1>(),
        DeclaredModel.Lstm_16_64_16 => CatalogEntry.Of<Lstm_16_64_16>(),
        DeclaredModel.Lstm_64_128_64 => CatalogEntry.Of<Lstm_64_128_64>(),
        DeclaredModel.Lstm_128_256_128 => CatalogEntry.Of<Lstm_128_256_128>(),
        DeclaredModel.Gru_1_8_1 => CatalogEntry.Of<Gru_1_8_1>(),
        DeclaredModel.Gru_1_32_1 => CatalogEntry.Of<Gru_1_32_1>(),
        DeclaredModel.Gru_1_64_1 => CatalogEntry.Of<Gru_1_64_1>(),
        DeclaredModel.Gru_16_64_16 => CatalogEntry.Of<Gru_16_64_16>(),
        DeclaredModel.Gru_64_128_64 => CatalogEntry.Of<Gru_64_128_64>(),
        DeclaredModel.Gru_128_256_128 => CatalogEntry.Of<Gru_128_256_128>(),
        DeclaredModel.SimpleRnn_1_32_1 => CatalogEntry.Of<SimpleRnn_1_32_1>(),
        DeclaredModel.SimpleRnn_64_128_64 => CatalogEntry.Of<SimpleRnn_64_128_64>(),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Not a declared model."),
    };

    private sealed record CatalogEntry(ModelDescriptor Descriptor, Func<ModelPair> CreatePair, Func<int, IGeneratedTraining> CreateTraining)
    {
        public static CatalogEntry Of<TModel>()
            where TModel : class, IRecurrentModel<TModel>, IStepModel
        {
            return new CatalogEntry(TModel.Descriptor, () =>
            {
                TModel generated = TModel.Create(Seed);
                return new ModelPair(TModel.Descriptor, generated, NaiveModel.Create(TModel.Descriptor, generated.Parameters));
            },
            maxThreads => new GeneratedTraining<TModel>(maxThreads));
        }
    }
}
