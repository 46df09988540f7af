using System.Runtime.CompilerServices;
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
        Check<SimpleTanhModel, SimpleTanhModel.State>(SimpleTanhModel.ParameterStorageLength, SimpleTanhModel.ParameterCount, SimpleTanhModel.InputSize, SimpleTanhModel.OutputSize);
        Check<SimpleReluModel, SimpleReluModel.State>(SimpleReluModel.ParameterStorageLength, SimpleReluModel.ParameterCount, SimpleReluModel.InputSize, SimpleReluModel.OutputSize);
        Check<LstmModel, LstmModel.State>(LstmModel.ParameterStorageLength, LstmModel.ParameterCount, LstmModel.InputSize, LstmModel.OutputSize);
        Check<LstmPeepholeModel, LstmPeepholeModel.State>(LstmPeepholeModel.ParameterStorageLength, LstmPeepholeModel.ParameterCount, LstmPeepholeModel.InputSize, LstmPeepholeModel.OutputSize);
        Check<GruModel, GruModel.State>(GruModel.ParameterStorageLength, GruModel.ParameterCount, GruModel.InputSize, GruModel.OutputSize);
        Check<GruResetBeforeModel, GruResetBeforeModel.State>(GruResetBeforeModel.ParameterStorageLength, GruResetBeforeModel.ParameterCount, GruResetBeforeModel.InputSize, GruResetBeforeModel.OutputSize);
        Check<StackedModel, StackedModel.State>(StackedModel.ParameterStorageLength, StackedModel.ParameterCount, StackedModel.InputSize, StackedModel.OutputSize);
        Check<EmbeddingLmModel, EmbeddingLmModel.State>(EmbeddingLmModel.ParameterStorageLength, EmbeddingLmModel.ParameterCount, EmbeddingLmModel.InputSize, EmbeddingLmModel.OutputSize);
        Check<DenseFirstModel, DenseFirstModel.State>(DenseFirstModel.ParameterStorageLength, DenseFirstModel.ParameterCount, DenseFirstModel.InputSize, DenseFirstModel.OutputSize);
        Check<LstmWideModel, LstmWideModel.State>(LstmWideModel.ParameterStorageLength, LstmWideModel.ParameterCount, LstmWideModel.InputSize, LstmWideModel.OutputSize);
        Check<LstmStackedPeepholeModel, LstmStackedPeepholeModel.State>(LstmStackedPeepholeModel.ParameterStorageLength, LstmStackedPeepholeModel.ParameterCount, LstmStackedPeepholeModel.InputSize, LstmStackedPeepholeModel.OutputSize);
    }

    [Fact]
    public void ParameterCountIsPyTorchs()
    {
        // nn.LSTM(1, 32): 4·32·(1 + 32) + 2·4·32 = 4480; nn.Linear(32, 1): 33
        Assert.Equal(4480 + 33, LstmModel.ParameterCount);

        // nn.Embedding(11, 6) 66; two nn.LSTM(·, 20): 4·20·(6 + 20 + 2) = 2240 and 4·20·(20 + 20 + 2) = 3360; nn.Linear(20, 11) 231
        Assert.Equal(66 + 2240 + 3360 + 231, EmbeddingLmModel.ParameterCount);
    }

    private static void Check<TModel, TState>(int storage, int parameters, int inputs, int outputs)
        where TModel : class, IRecurrentModel<TModel>
        where TState : struct
    {
        string name = typeof(TModel).Name;
        int state = Unsafe.SizeOf<TState>() / sizeof(float);
        Assert.True(storage == TModel.Descriptor.StorageLength, $"{name}: generated storage {storage}, runtime {TModel.Descriptor.StorageLength}");
        Assert.True(state == TModel.Descriptor.StateLength, $"{name}: generated State struct {state} floats, runtime {TModel.Descriptor.StateLength}");
        Assert.True(parameters == TModel.Descriptor.ParameterCount, $"{name}: generated parameter count {parameters}, runtime {TModel.Descriptor.ParameterCount}");
        Assert.Equal(inputs, TModel.Descriptor.InputSize);
        Assert.Equal(outputs, TModel.Descriptor.OutputSize);
    }
}
