using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// The generator (netstandard2.0) and the runtime compute the storage layout separately; their sizes must agree
/// for every layer kind, or kernels and serialization would address different places.
/// </summary>
public sealed class LayoutAgreementTests
{
    [Fact]
    public void GeneratedConstantsMatchTheRuntimeDescriptor()
    {
        Check<SimpleTanhModel>(SimpleTanhModel.ParameterStorageLength, SimpleTanhModel.StateLength, SimpleTanhModel.ParameterCount, SimpleTanhModel.InputSize, SimpleTanhModel.OutputSize);
        Check<SimpleReluModel>(SimpleReluModel.ParameterStorageLength, SimpleReluModel.StateLength, SimpleReluModel.ParameterCount, SimpleReluModel.InputSize, SimpleReluModel.OutputSize);
        Check<LstmModel>(LstmModel.ParameterStorageLength, LstmModel.StateLength, LstmModel.ParameterCount, LstmModel.InputSize, LstmModel.OutputSize);
        Check<LstmPeepholeModel>(LstmPeepholeModel.ParameterStorageLength, LstmPeepholeModel.StateLength, LstmPeepholeModel.ParameterCount, LstmPeepholeModel.InputSize, LstmPeepholeModel.OutputSize);
        Check<GruModel>(GruModel.ParameterStorageLength, GruModel.StateLength, GruModel.ParameterCount, GruModel.InputSize, GruModel.OutputSize);
        Check<GruResetBeforeModel>(GruResetBeforeModel.ParameterStorageLength, GruResetBeforeModel.StateLength, GruResetBeforeModel.ParameterCount, GruResetBeforeModel.InputSize, GruResetBeforeModel.OutputSize);
        Check<StackedModel>(StackedModel.ParameterStorageLength, StackedModel.StateLength, StackedModel.ParameterCount, StackedModel.InputSize, StackedModel.OutputSize);
        Check<EmbeddingLmModel>(EmbeddingLmModel.ParameterStorageLength, EmbeddingLmModel.StateLength, EmbeddingLmModel.ParameterCount, EmbeddingLmModel.InputSize, EmbeddingLmModel.OutputSize);
        Check<DenseFirstModel>(DenseFirstModel.ParameterStorageLength, DenseFirstModel.StateLength, DenseFirstModel.ParameterCount, DenseFirstModel.InputSize, DenseFirstModel.OutputSize);
        Check<LstmWideModel>(LstmWideModel.ParameterStorageLength, LstmWideModel.StateLength, LstmWideModel.ParameterCount, LstmWideModel.InputSize, LstmWideModel.OutputSize);
        Check<LstmStackedPeepholeModel>(LstmStackedPeepholeModel.ParameterStorageLength, LstmStackedPeepholeModel.StateLength, LstmStackedPeepholeModel.ParameterCount, LstmStackedPeepholeModel.InputSize, LstmStackedPeepholeModel.OutputSize);
    }

    [Fact]
    public void ParameterCountIsPyTorchs()
    {
        // nn.LSTM(1, 32): 4·32·(1 + 32) + 2·4·32 = 4480; nn.Linear(32, 1): 33
        Assert.Equal(4480 + 33, LstmModel.ParameterCount);

        // nn.Embedding(11, 6) 66; two nn.LSTM(·, 20): 4·20·(6 + 20 + 2) = 2240 and 4·20·(20 + 20 + 2) = 3360; nn.Linear(20, 11) 231
        Assert.Equal(66 + 2240 + 3360 + 231, EmbeddingLmModel.ParameterCount);
    }

    private static void Check<TModel>(int storage, int state, int parameters, int inputs, int outputs)
        where TModel : class, IRecurrentModel<TModel>
    {
        string name = typeof(TModel).Name;
        Assert.True(storage == TModel.Descriptor.StorageLength, $"{name}: generated storage {storage}, runtime {TModel.Descriptor.StorageLength}");
        Assert.True(state == TModel.Descriptor.StateLength, $"{name}: generated state {state}, runtime {TModel.Descriptor.StateLength}");
        Assert.True(parameters == TModel.Descriptor.ParameterCount, $"{name}: generated parameter count {parameters}, runtime {TModel.Descriptor.ParameterCount}");
        Assert.Equal(inputs, TModel.Descriptor.InputSize);
        Assert.Equal(outputs, TModel.Descriptor.OutputSize);
    }
}
