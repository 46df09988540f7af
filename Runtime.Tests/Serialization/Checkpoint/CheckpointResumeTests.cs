using System.IO;
using System.Linq;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Training;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Train N batches, save, train M more; a fresh trainer that loads the checkpoint and trains the same M batches must
/// end bit for bit where the uninterrupted run ended, with the same losses on the way.
/// </summary>
public class CheckpointResumeTests
{
    private const int Before = 3, After = 3;

    public static TheoryData<string> Optimizers => ["sgd momentum", "sgd nesterov with weight decay", "sgd without momentum", "adam", "adamw"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_resumed_gru_ends_bit_identical_to_the_uninterrupted_run(string optimizer)
    {
        AssertResumeIsExact(
            seed => new GruModel(seed),
            () => MakeOptimizer(optimizer),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = 6 },
            FloatBatches<GruModel>(rows: 3, steps: 6),
            Before);
    }

    [Fact]
    public void A_resumed_lstm_with_clipping_ends_bit_identical_to_the_uninterrupted_run()
    {
        AssertResumeIsExact(
            seed => new LstmModel(seed),
            () => new Adam(0.01f),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = 8, ClipGradientNorm = 0.5f },
            FloatBatches<LstmModel>(rows: 4, steps: 8),
            Before);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_resumed_token_model_that_carries_state_ends_bit_identical_to_the_uninterrupted_run(string optimizer)
    {
        // Each batch continues the rows of the previous one, so the carried state must survive the checkpoint too.
        AssertResumeIsExact(
            seed => new EmbeddingLmModel(seed),
            () => MakeOptimizer(optimizer),
            Loss.CrossEntropy,
            new TrainerOptions { MaxSequenceLength = 6, CarryState = true },
            (trainer, batch) => trainer.TrainBatch(
                TrainingData.Integers(4 * 6, 11, seed: 300 + batch),
                TrainingData.Integers(4 * 6, 11, seed: 400 + batch),
                batchSize: 4,
                sequenceLength: 6),
            Before);
    }

    [Fact]
    public void A_float_model_that_carries_state_resumes_exactly_too()
    {
        AssertResumeIsExact(
            seed => new StackedModel(seed),
            () => new Sgd(0.05f, momentum: 0.9f),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = 5, CarryState = true },
            FloatBatches<StackedModel>(rows: 3, steps: 5),
            Before);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_checkpoint_taken_before_the_first_step_resumes_exactly(string optimizer)
    {
        AssertResumeIsExact(
            seed => new GruModel(seed),
            () => MakeOptimizer(optimizer),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = 6 },
            FloatBatches<GruModel>(rows: 3, steps: 6),
            before: 0);
    }

    [Fact]
    public void Loading_into_the_trainer_that_saved_rewinds_everything_it_did_since()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(Before);
        byte[] checkpoint = Checkpoint(trainer);
        float[] losses = [.. Enumerable.Range(Before, After).Select(batch => Train(trainer, batch))];
        int[] parameters = Bits(trainer.Model.Parameters);

        trainer.LoadCheckpoint(new MemoryStream(checkpoint));

        Assert.Equal(Before, trainer.Optimizer.StepCount);
        Assert.Equal(losses, Enumerable.Range(Before, After).Select(batch => Train(trainer, batch)));
        Assert.Equal(parameters, Bits(trainer.Model.Parameters));
    }

    [Fact]
    public void Loading_a_checkpoint_of_an_untrained_trainer_forgets_the_optimizer_state()
    {
        // Adam's first step from leftover moments would differ from its first step from none.
        using Trainer<SimpleTanhModel> untouched = Create(modelSeed: 1);
        byte[] checkpoint = Checkpoint(untouched);
        using Trainer<SimpleTanhModel> trainer = Trained(Before);

        trainer.LoadCheckpoint(new MemoryStream(checkpoint));

        Assert.Equal(0, trainer.Optimizer.StepCount);
        AssertContinuesAlike(trainer, untouched, batch: 0);
    }

    [Fact]
    public void A_checkpoint_taken_after_reset_state_lets_the_next_batch_have_any_size()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(Before);
        trainer.ResetState();
        byte[] checkpoint = Checkpoint(trainer);
        using Trainer<SimpleTanhModel> resumed = Trained(1);

        resumed.LoadCheckpoint(new MemoryStream(checkpoint));

        float[] inputs = TrainingData.Uniform(5 * Steps * SimpleTanhModel.InputSize, seed: 7);
        float[] targets = TrainingData.Uniform(5 * Steps * SimpleTanhModel.OutputSize, seed: 8);
        Assert.Equal(trainer.TrainBatch(inputs, targets, 5, Steps), resumed.TrainBatch(inputs, targets, 5, Steps));
        Assert.Equal(Bits(trainer.Model.Parameters), Bits(resumed.Model.Parameters));
    }

    [Fact]
    public void A_checkpoint_with_carried_rows_keeps_the_batch_size_fixed()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(Before);
        using Trainer<SimpleTanhModel> resumed = Create();

        resumed.LoadCheckpoint(new MemoryStream(Checkpoint(trainer)));

        float[] inputs = TrainingData.Uniform(5 * Steps * SimpleTanhModel.InputSize, seed: 7);
        float[] targets = TrainingData.Uniform(5 * Steps * SimpleTanhModel.OutputSize, seed: 8);
        var exception = Assert.Throws<ArgumentException>(() => resumed.TrainBatch(inputs, targets, 5, Steps));
        Assert.Contains($"continues the {Rows} rows of the previous batch, got batchSize 5", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trainers_own_learning_rate_wins_over_the_checkpoints()
    {
        // The uninterrupted run lowers its learning rate right after the checkpoint, as a schedule would.
        using Trainer<SimpleTanhModel> trainer = Trained(Before, new Adam(0.01f));
        byte[] checkpoint = Checkpoint(trainer);
        trainer.Optimizer.LearningRate = 0.002f;
        using Trainer<SimpleTanhModel> resumed = Create(new Adam(0.002f), modelSeed: 2);

        resumed.LoadCheckpoint(new MemoryStream(checkpoint));

        Assert.Equal(0.002f, resumed.Optimizer.LearningRate);
        AssertContinuesAlike(resumed, trainer, batch: Before);
    }

    [Fact]
    public void A_checkpoint_saved_to_a_path_resumes_exactly()
    {
        string folder = Directory.CreateTempSubdirectory("rnn-checkpoint-").FullName;
        try
        {
            string path = Path.Combine(folder, "training.ckpt");
            using Trainer<SimpleTanhModel> trainer = Trained(Before);
            trainer.SaveCheckpoint(path);
            using Trainer<SimpleTanhModel> resumed = Create(modelSeed: 2);

            resumed.LoadCheckpoint(path);

            Assert.Equal(Checkpoint(trainer), File.ReadAllBytes(path));
            AssertContinuesAlike(resumed, trainer, batch: Before);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Saving_needs_a_live_trainer_and_a_stream()
    {
        Trainer<SimpleTanhModel> trainer = Create();
        Assert.Throws<ArgumentNullException>(() => trainer.SaveCheckpoint((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => trainer.LoadCheckpoint((Stream)null!));
        Assert.Throws<ArgumentException>(() => trainer.LoadCheckpoint(string.Empty));
        byte[] checkpoint = Checkpoint(trainer);
        trainer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => trainer.SaveCheckpoint(new MemoryStream()));
        Assert.Throws<ObjectDisposedException>(() => trainer.LoadCheckpoint(new MemoryStream(checkpoint)));
    }

    private static void AssertResumeIsExact<TModel>(
        Func<int, TModel> newModel, Func<Optimizer> newOptimizer, Loss loss, TrainerOptions options, Func<Trainer<TModel>, int, float> train, int before)
        where TModel : class, IRecurrentModel<TModel>
    {
        using var original = new Trainer<TModel>(newModel(1), newOptimizer(), loss, options);
        for (int batch = 0; batch < before; batch++)
        {
            train(original, batch);
        }

        byte[] checkpoint = Checkpoint(original);
        float[] losses = [.. Enumerable.Range(before, After).Select(batch => train(original, batch))];

        using var resumed = new Trainer<TModel>(newModel(2), newOptimizer(), loss, options);
        Assert.NotEqual(Bits(original.Model.Parameters), Bits(resumed.Model.Parameters));
        resumed.LoadCheckpoint(new MemoryStream(checkpoint));
        Assert.Equal(before, resumed.Optimizer.StepCount);
        float[] resumedLosses = [.. Enumerable.Range(before, After).Select(batch => train(resumed, batch))];

        Assert.Equal(losses, resumedLosses);
        Assert.Equal(Bits(original.Model.Parameters), Bits(resumed.Model.Parameters));
        Assert.Equal(before + After, resumed.Optimizer.StepCount);
    }

    private static Func<Trainer<TModel>, int, float> FloatBatches<TModel>(int rows, int steps)
        where TModel : class, IRecurrentModel<TModel>
    {
        int inputSize = TModel.Descriptor.InputSize, outputSize = TModel.Descriptor.OutputSize;
        return (trainer, batch) => trainer.TrainBatch(
            TrainingData.Uniform(rows * steps * inputSize, seed: 100 + batch),
            TrainingData.Uniform(rows * steps * outputSize, seed: 200 + batch),
            rows,
            steps);
    }

    private static Optimizer MakeOptimizer(string name) => name switch
    {
        "sgd momentum" => new Sgd(0.05f, momentum: 0.9f),
        "sgd nesterov with weight decay" => new Sgd(0.05f, momentum: 0.8f, weightDecay: 0.01f, nesterov: true),
        "sgd without momentum" => new Sgd(0.05f),
        "adam" => new Adam(0.01f, weightDecay: 0.001f),
        _ => new AdamW(0.01f),
    };
}
