using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Inference;

/// <summary>Step and Predict allocate nothing, on the built-in state and on caller-owned states, for every layer kind.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void StepAndPredictAllocateNothing()
    {
        AssertNoAllocation(new LstmStackedPeepholeModel(1), LstmStackedPeepholeModel.InputSize, LstmStackedPeepholeModel.OutputSize, static (m, x, y) => m.Step(x, y), static (m, x, y) => m.Predict(x, y));
        AssertNoAllocation(new GruResetBeforeModel(1), GruResetBeforeModel.InputSize, GruResetBeforeModel.OutputSize, static (m, x, y) => m.Step(x, y), static (m, x, y) => m.Predict(x, y));
        AssertNoAllocation(new StackedModel(1), StackedModel.InputSize, StackedModel.OutputSize, static (m, x, y) => m.Step(x, y), static (m, x, y) => m.Predict(x, y));
        AssertNoAllocation(new DenseFirstModel(1), DenseFirstModel.InputSize, DenseFirstModel.OutputSize, static (m, x, y) =>
        {
            var state = default(DenseFirstModel.State);
            m.Step(ref state, x, y);
        }, static (m, x, y) => m.Predict(x, y));
    }

    [Fact]
    public void TokenStepAndPredictAllocateNothing()
    {
        var model = new EmbeddingLmModel(1);
        float[] output = new float[EmbeddingLmModel.OutputSize];
        float[] outputs = new float[4 * EmbeddingLmModel.OutputSize];
        int[] tokens = [1, 5, 10, 0];
        var state = default(EmbeddingLmModel.State);
        model.Step(3, output);
        model.Step(ref state, 3, output);
        model.Predict(tokens, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            model.Step(i % EmbeddingLmModel.VocabularySize, output);
            model.Step(ref state, i % EmbeddingLmModel.VocabularySize, output);
            model.Predict(tokens, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private delegate void Run<TModel>(TModel model, float[] inputs, float[] outputs);

    private static void AssertNoAllocation<TModel>(TModel model, int inputSize, int outputSize, Run<TModel> step, Run<TModel> predict)
    {
        float[] input = new float[inputSize];
        float[] output = new float[outputSize];
        float[] inputs = new float[8 * inputSize];
        float[] outputs = new float[8 * outputSize];
        step(model, input, output);
        predict(model, inputs, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            step(model, input, output);
            predict(model, inputs, outputs);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before == 0, $"{typeof(TModel).Name} allocated {GC.GetAllocatedBytesForCurrentThread() - before} bytes in 100 steps and predictions.");
    }
}
