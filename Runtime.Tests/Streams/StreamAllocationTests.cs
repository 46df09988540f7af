using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Streams;

/// <summary>The batched step allocates nothing, whatever the number of streams.</summary>
public sealed class StreamAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(64)]
    public void Batched_step_allocates_nothing(int streams)
    {
        var lstm = new LstmStackedPeepholeModel(1);
        var lstmStates = new LstmStackedPeepholeModel.State[streams];
        float[] lstmInputs = new float[streams * LstmStackedPeepholeModel.InputSize];
        float[] lstmOutputs = new float[streams * LstmStackedPeepholeModel.OutputSize];
        var gru = new GruResetBeforeModel(1);
        var gruStates = new GruResetBeforeModel.State[streams];
        float[] gruInputs = new float[streams * GruResetBeforeModel.InputSize];
        float[] gruOutputs = new float[streams * GruResetBeforeModel.OutputSize];
        var tokens = new EmbeddingLmModel(1);
        var tokenStates = new EmbeddingLmModel.State[streams];
        int[] tokenInputs = new int[streams];
        float[] tokenOutputs = new float[streams * EmbeddingLmModel.OutputSize];
        var dense = new DenseFirstModel(1);
        var denseStates = new DenseFirstModel.State[streams];
        float[] denseInputs = new float[streams * DenseFirstModel.InputSize];
        float[] denseOutputs = new float[streams * DenseFirstModel.OutputSize];
        var stacked = new StackedModel(1);
        var stackedStates = new StackedModel.State[streams];
        float[] stackedInputs = new float[streams * StackedModel.InputSize];
        float[] stackedOutputs = new float[streams * StackedModel.OutputSize];

        for (int warm = 0; warm < 2; warm++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                lstm.Step(lstmStates, lstmInputs, lstmOutputs);
                gru.Step(gruStates, gruInputs, gruOutputs);
                tokens.Step(tokenStates, tokenInputs, tokenOutputs);
                dense.Step(denseStates, denseInputs, denseOutputs);
                stacked.Step(stackedStates, stackedInputs, stackedOutputs);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (warm == 1)
            {
                Assert.True(allocated == 0, $"{streams} streams: 20 batched steps of five models allocated {allocated} bytes.");
            }
        }
    }
}
