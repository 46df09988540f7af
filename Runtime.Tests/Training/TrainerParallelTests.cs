using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Training.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>
/// The parallel batch: results independent of the thread count, and no allocation once warmed up. The model makes
/// sure the worker threads take part in every batch.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public class TrainerParallelTests
{
    [Fact]
    public void Results_are_bit_identical_for_any_degree_of_parallelism()
    {
        (float[] oneThreadLosses, float[] oneThread) = Train(maxDegreeOfParallelism: 1);
        (float[] twoThreadLosses, float[] twoThreads) = Train(maxDegreeOfParallelism: 2);
        (float[] manyThreadLosses, float[] manyThreads) = Train(maxDegreeOfParallelism: 16);

        Assert.Equal(oneThreadLosses, twoThreadLosses);
        Assert.Equal(oneThreadLosses, manyThreadLosses);
        Assert.Equal(oneThread, twoThreads);
        Assert.Equal(oneThread, manyThreads);

        static (float[] Losses, float[] Parameters) Train(int maxDegreeOfParallelism)
        {
            const int Batch = 13, Steps = 7;
            var model = new RendezvousModel(0.4f, -0.2f);
            using var trainer = new Trainer<RendezvousModel>(
                model, new Adam(0.05f), Loss.MeanSquaredError, new TrainerOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });
            float[] losses = new float[5];
            for (int step = 0; step < losses.Length; step++)
            {
                RendezvousModel.ExpectBatch(maxDegreeOfParallelism);
                losses[step] = trainer.TrainBatch(
                    TrainingData.Uniform(Batch * Steps, seed: 100 + step), TrainingData.Uniform(Batch * Steps, seed: 200 + step), Batch, Steps);
                Assert.Equal(maxDegreeOfParallelism > 1, RendezvousModel.SequencesOnWorkers > 0);
            }

            return (losses, model.Parameters.ToArray());
        }
    }

    [Fact]
    public void A_warmed_up_training_step_allocates_nothing_on_any_thread()
    {
        const int Batch = 8, Steps = 16;
        float[] x = TrainingData.Uniform(Batch * Steps, seed: 30);
        float[] targets = TrainingData.Uniform(Batch * Steps, seed: 31);
        using var trainer = new Trainer<RendezvousModel>(
            new RendezvousModel(0.4f, 0.1f),
            new Adam(1e-3f),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxDegreeOfParallelism = 4, CarryState = true, ClipGradientNorm = 1e-3f });
        for (int i = 0; i < 3; i++)
        {
            RendezvousModel.ExpectBatch(threads: 4);
            trainer.TrainBatch(x, targets, Batch, Steps);
        }

        RendezvousModel.ExpectBatch(threads: 4);
        long thisThread = GC.GetAllocatedBytesForCurrentThread();
        trainer.TrainBatch(x, targets, Batch, Steps);
        trainer.Evaluate(x, targets, Batch, Steps);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - thisThread);

        Assert.Equal(0, FewestBytesAllocatedAnywhere(() =>
        {
            RendezvousModel.ExpectBatch(threads: 4);
            trainer.TrainBatch(x, targets, Batch, Steps);
            Assert.True(RendezvousModel.SequencesOnWorkers > 0, "the worker threads must take part");
        }));
    }

    [Theory]
    [InlineData(12)] // 3 whole tiles of 4 rows
    [InlineData(14)] // 3 tiles and 2 rows that run alone, in the last group
    [InlineData(70)] // 18 tiles in 16 groups: groups of 1 and 2 tiles, the last with 2 rows alone
    public void A_generated_model_trains_bit_identically_on_one_two_or_four_threads(int batch)
    {
        float[] oneThread = Train(maxDegreeOfParallelism: 1);
        Assert.Equal(oneThread, Train(maxDegreeOfParallelism: 2));
        Assert.Equal(oneThread, Train(maxDegreeOfParallelism: 4));

        float[] Train(int maxDegreeOfParallelism)
        {
            const int Steps = 20;
            (float[] inputs, float[] targets) = GeneratedModelTrainingTests.SineBatch(batch, Steps);
            var model = new LstmModel(seed: 5);
            using var trainer = new Trainer<LstmModel>(
                model, new Adam(0.01f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps, MaxDegreeOfParallelism = maxDegreeOfParallelism });
            for (int step = 0; step < 3; step++)
            {
                trainer.TrainBatch(inputs, targets, batch, Steps);
            }

            return model.Parameters.ToArray();
        }
    }

    [Fact]
    public void A_generated_model_trains_without_allocating_after_warm_up()
    {
        const int Batch = 8, Steps = 24;
        (float[] inputs, float[] targets) = GeneratedModelTrainingTests.SineBatch(Batch, Steps);
        using var trainer = new Trainer<LstmModel>(
            new LstmModel(seed: 6), new AdamW(), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps, CarryState = true, ClipGradientNorm = 1f });
        for (int i = 0; i < 3; i++)
        {
            trainer.TrainBatch(inputs, targets, Batch, Steps);
        }

        long thisThread = GC.GetAllocatedBytesForCurrentThread();
        trainer.TrainBatch(inputs, targets, Batch, Steps);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - thisThread);
        Assert.Equal(0, FewestBytesAllocatedAnywhere(() => trainer.TrainBatch(inputs, targets, Batch, Steps)));
    }

    /// <summary>
    /// Bytes the whole process (worker threads included) allocates while <paramref name="trainingStep"/> runs, the fewest
    /// of three attempts: another thread of the test host may allocate at any time, but a real allocation in the
    /// trainer shows up in every attempt.
    /// </summary>
    private static long FewestBytesAllocatedAnywhere(Action trainingStep)
    {
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 3 && fewest > 0; attempt++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            trainingStep();
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return fewest;
    }
}

/// <summary>Tests that measure process-wide allocations, or share the rendezvous model, run alone.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;
