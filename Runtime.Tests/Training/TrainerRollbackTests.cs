using System.IO;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Training.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>
/// A refused batch changes nothing: parameters, optimizer state and step count, carried rows and states are exactly
/// as before, and a batch that returns leaves every parameter finite. Each test compares against a twin trainer that
/// never saw the refused batch.
/// </summary>
public sealed class TrainerRollbackTests
{
    private const int Rows = 3, Steps = 4;

    [Fact]
    public void A_first_update_that_overflows_is_undone_and_reported()
    {
        // lr / (1 − β₁) = 1e39 is infinite in float: the first Adam step turns every parameter it moves into ±∞ or NaN.
        using Trainer<SimpleTanhModel> trainer = Create(new Adam(1e38f));
        float[] before = trainer.Model.Parameters.ToArray();

        var exception = Assert.Throws<TrainingDivergedException>(() => Train(trainer, batch: 0));

        Assert.Contains("The update made a parameter NaN or infinite (learning rate 1E+38); it was undone", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, trainer.Model.Parameters.ToArray());
        Assert.Equal(0, trainer.Optimizer.StepCount);
        Assert.Equal(0, trainer.Optimizer.StateLength);
        using Trainer<SimpleTanhModel> twin = Create(new Adam(1e38f));
        Assert.Equal(Checkpoint(twin), Checkpoint(trainer));
    }

    [Fact]
    public void A_later_update_that_overflows_is_undone_and_training_continues_as_if_it_never_ran()
    {
        using Trainer<SimpleTanhModel> trainer = Create(new Adam(0.01f));
        using Trainer<SimpleTanhModel> twin = Create(new Adam(0.01f));
        Train(trainer, batch: 0);
        Train(twin, batch: 0);

        trainer.Optimizer.LearningRate = 1e38f;
        Assert.Throws<TrainingDivergedException>(() => Train(trainer, batch: 1));
        trainer.Optimizer.LearningRate = 0.01f;

        Assert.Equal(1, trainer.Optimizer.StepCount);
        Assert.Equal(Checkpoint(twin), Checkpoint(trainer));
        Assert.Equal(Train(twin, batch: 1), Train(trainer, batch: 1));
        Assert.Equal(twin.Model.Parameters.ToArray(), trainer.Model.Parameters.ToArray());
    }

    [Fact]
    public void An_update_that_overflows_the_optimizer_state_is_undone()
    {
        // y = x = 1e11 against 0: ∂L/∂w = 2·y·x = 2e22 is a finite float, but Adam's (1 − β₂)·g·g = 4e41 is not. The
        // parameters alone would stay finite (their step is m / ∞ = 0), and every later step would be 0 or NaN.
        var model = new LinearRecurrenceModel(1f, 0f, 0f, 0f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Adam(0.01f), Loss.MeanSquaredError);
        float[] before = model.Parameters.ToArray();

        var exception = Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch([1e11f], [0f], batchSize: 1, sequenceLength: 1));

        Assert.Contains("optimizer state 'exp_avg_sq'", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Equal(0, trainer.Optimizer.StepCount);
    }

    [Fact]
    public void An_optimizer_with_no_step_left_refuses_before_changing_anything()
    {
        using Trainer<SimpleTanhModel> trainer = Create(new Sgd(0.1f));
        trainer.Optimizer.RestoreState(long.MaxValue - 1, 0);
        Train(trainer, batch: 0);
        float[] before = trainer.Model.Parameters.ToArray();

        var exception = Assert.Throws<InvalidOperationException>(() => Train(trainer, batch: 1));

        Assert.Contains($"has taken {long.MaxValue} steps, the most a step count holds", exception.Message, StringComparison.Ordinal);
        Assert.Equal(long.MaxValue, trainer.Optimizer.StepCount);
        Assert.Equal(before, trainer.Model.Parameters.ToArray());
    }

    [Fact]
    public void A_refused_first_batch_leaves_no_carried_rows_behind()
    {
        using Trainer<SimpleTanhModel> trainer = Create(new Sgd(0.1f));
        using Trainer<SimpleTanhModel> twin = Create(new Sgd(0.1f));
        float[] poisoned = TrainingData.Uniform(Rows * Steps * SimpleTanhModel.OutputSize, seed: 7);
        poisoned[0] = float.NaN;

        Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch(Inputs(Rows, 0), poisoned, Rows, Steps));

        // As if the batch had never run: the checkpoint carries no rows, and a batch of another size is taken.
        Assert.Equal(Checkpoint(twin), Checkpoint(trainer));
        Assert.Equal(
            twin.TrainBatch(Inputs(Rows - 1, 1), Targets(Rows - 1, 1), Rows - 1, Steps),
            trainer.TrainBatch(Inputs(Rows - 1, 1), Targets(Rows - 1, 1), Rows - 1, Steps));
        Assert.Equal(Checkpoint(twin), Checkpoint(trainer));
    }

    private static Trainer<SimpleTanhModel> Create(Optimizer optimizer) =>
        new(new SimpleTanhModel(1), optimizer, Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps, CarryState = true });

    private static float Train(Trainer<SimpleTanhModel> trainer, int batch) =>
        trainer.TrainBatch(Inputs(Rows, batch), Targets(Rows, batch), Rows, Steps);

    private static float[] Inputs(int rows, int batch) => TrainingData.Uniform(rows * Steps * SimpleTanhModel.InputSize, seed: 100 + batch);

    private static float[] Targets(int rows, int batch) => TrainingData.Uniform(rows * Steps * SimpleTanhModel.OutputSize, seed: 200 + batch);

    /// <summary>Everything a trainer would continue from, as bytes: parameters, optimizer state and step count, carried rows and states.</summary>
    private static byte[] Checkpoint<TModel>(Trainer<TModel> trainer)
        where TModel : class, IRecurrentModel<TModel>
    {
        var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}
