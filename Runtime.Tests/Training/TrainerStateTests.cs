using RnnCodegen.Tests.Training.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>Carried state (truncated BPTT) and what a diverged step leaves behind.</summary>
public class TrainerStateTests
{
    private const float W = 0.6f, A = 0.5f, B = 0.2f;

    [Fact]
    public void Carried_state_continues_each_row_where_the_previous_batch_left_it()
    {
        const int Batch = 2, Steps = 4;
        float[] stream = TrainingData.Uniform(Batch * 2 * Steps, seed: 20);
        float[] targets = TrainingData.Uniform(Batch * 2 * Steps, seed: 21);
        using var trainer = FrozenTrainer(carryState: true);

        float first = trainer.TrainBatch(Half(stream, 0), Half(targets, 0), Batch, Steps);
        float second = trainer.TrainBatch(Half(stream, 1), Half(targets, 1), Batch, Steps);

        Assert.Equal(ReferenceLoss(stream, targets, half: 0, fromStart: true), first, 1e-6);
        Assert.Equal(ReferenceLoss(stream, targets, half: 1, fromStart: true), second, 1e-6);
        Assert.True(Math.Abs(ReferenceLoss(stream, targets, half: 1, fromStart: false) - second) > 1e-3, "a zero start must give a different loss");
    }

    [Fact]
    public void Reset_state_starts_every_row_from_zero_again()
    {
        const int Batch = 2, Steps = 4;
        float[] stream = TrainingData.Uniform(Batch * 2 * Steps, seed: 22);
        float[] targets = TrainingData.Uniform(Batch * 2 * Steps, seed: 23);
        using var trainer = FrozenTrainer(carryState: true);
        trainer.TrainBatch(Half(stream, 0), Half(targets, 0), Batch, Steps);

        trainer.ResetState();
        float afterReset = trainer.TrainBatch(Half(stream, 1), Half(targets, 1), Batch, Steps);

        Assert.Equal(ReferenceLoss(stream, targets, half: 1, fromStart: false), afterReset, 1e-6);
    }

    [Fact]
    public void Evaluate_starts_from_zero_and_leaves_the_carried_state_alone()
    {
        const int Batch = 2, Steps = 4;
        float[] stream = TrainingData.Uniform(Batch * 2 * Steps, seed: 24);
        float[] targets = TrainingData.Uniform(Batch * 2 * Steps, seed: 25);
        using var trainer = FrozenTrainer(carryState: true);
        trainer.TrainBatch(Half(stream, 0), Half(targets, 0), Batch, Steps);

        float evaluated = trainer.Evaluate(Half(stream, 1), Half(targets, 1), Batch, Steps);
        float continued = trainer.TrainBatch(Half(stream, 1), Half(targets, 1), Batch, Steps);

        Assert.Equal(ReferenceLoss(stream, targets, half: 1, fromStart: false), evaluated, 1e-6);
        Assert.Equal(ReferenceLoss(stream, targets, half: 1, fromStart: true), continued, 1e-6);
    }

    [Fact]
    public void Without_carry_state_every_batch_starts_from_zero()
    {
        const int Batch = 2, Steps = 4;
        float[] stream = TrainingData.Uniform(Batch * 2 * Steps, seed: 26);
        float[] targets = TrainingData.Uniform(Batch * 2 * Steps, seed: 27);
        using var trainer = FrozenTrainer(carryState: false);
        trainer.TrainBatch(Half(stream, 0), Half(targets, 0), Batch, Steps);

        float second = trainer.TrainBatch(Half(stream, 1), Half(targets, 1), Batch, Steps);

        Assert.Equal(ReferenceLoss(stream, targets, half: 1, fromStart: false), second, 1e-6);
    }

    [Fact]
    public void The_batch_size_may_only_change_after_a_reset_when_state_is_carried()
    {
        using var trainer = FrozenTrainer(carryState: true);
        trainer.TrainBatch(new float[8], new float[8], batchSize: 2, sequenceLength: 4);

        var exception = Assert.Throws<ArgumentException>(() => trainer.TrainBatch(new float[12], new float[12], batchSize: 3, sequenceLength: 4));
        Assert.Contains("continues the 2 rows of the previous batch, got batchSize 3", exception.Message, StringComparison.Ordinal);

        trainer.ResetState();
        trainer.TrainBatch(new float[12], new float[12], batchSize: 3, sequenceLength: 4);
    }

    [Fact]
    public void A_nan_target_throws_and_leaves_parameters_optimizer_and_carried_state_unchanged()
    {
        const int Batch = 3, Steps = 4;
        float[] x = TrainingData.Uniform(Batch * Steps, seed: 28);
        float[] targets = TrainingData.Uniform(Batch * Steps, seed: 29);
        float[] poisoned = (float[])targets.Clone();
        poisoned[5] = float.NaN;
        var options = new TrainerOptions { CarryState = true };
        var model = new LinearRecurrenceModel(W, A, B, 0f);
        var optimizer = new Adam(0.01f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, optimizer, Loss.MeanSquaredError, options);
        var twinModel = new LinearRecurrenceModel(W, A, B, 0f);
        using var twin = new Trainer<LinearRecurrenceModel>(twinModel, new Adam(0.01f), Loss.MeanSquaredError, options);
        trainer.TrainBatch(x, targets, Batch, Steps);
        twin.TrainBatch(x, targets, Batch, Steps);
        float[] parameters = model.Parameters.ToArray();
        float[] firstMoments = optimizer.StateBuffer(0).ToArray();
        float[] secondMoments = optimizer.StateBuffer(1).ToArray();

        var exception = Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch(x, poisoned, Batch, Steps));

        Assert.Contains("loss is NaN", exception.Message, StringComparison.Ordinal);
        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.Equal(1, optimizer.StepCount);
        Assert.Equal(firstMoments, optimizer.StateBuffer(0).ToArray());
        Assert.Equal(secondMoments, optimizer.StateBuffer(1).ToArray());

        // The carried state too: the next good batch continues as if the failed one had never run.
        Assert.Equal(twin.TrainBatch(x, targets, Batch, Steps), trainer.TrainBatch(x, targets, Batch, Steps));
        Assert.Equal(twinModel.Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void An_infinite_gradient_is_named_by_its_tensor()
    {
        // x = 1e30 keeps the output and the loss (summed in double) finite, but ∂L/∂w = 2 r x / N overflows a float.
        float[] x = [1e30f, 1f];
        float[] targets = [0f, 0f];
        var model = new LinearRecurrenceModel(0.5f, 0f, 0f, 0f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Sgd(0.1f), Loss.MeanSquaredError);

        var exception = Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch(x, targets, batchSize: 1, sequenceLength: 2));

        Assert.Contains("The gradient of layers.0.weight_ih_l0 [1, 1] at element 0 is", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0.5f, model.Parameters[LinearRecurrenceModel.InputWeight]);
    }

    /// <summary>A trainer whose learning rate is 0, so losses depend only on the state each batch starts from.</summary>
    private static Trainer<LinearRecurrenceModel> FrozenTrainer(bool carryState) =>
        new(new LinearRecurrenceModel(W, A, B, 0f), new Sgd(0f), Loss.MeanSquaredError, new TrainerOptions { CarryState = carryState });

    /// <summary>The first or second half of every row of a [2 rows, 8 steps] stream, as a [2, 4] batch.</summary>
    private static float[] Half(float[] stream, int half) =>
        [.. stream.AsSpan(half * 4, 4), .. stream.AsSpan(8 + (half * 4), 4)];

    /// <summary>
    /// The MSE over one half of each row, in double: the model run over the whole row from its start, or over the
    /// half alone from a zero state.
    /// </summary>
    private static double ReferenceLoss(float[] stream, float[] targets, int half, bool fromStart)
    {
        double sum = 0;
        for (int row = 0; row < 2; row++)
        {
            ReadOnlySpan<float> x = fromStart ? stream.AsSpan(row * 8, (half + 1) * 4) : stream.AsSpan((row * 8) + (half * 4), 4);
            double[] h = TrainingData.LinearRecurrence(x, W, A, B);
            for (int t = 0; t < 4; t++)
            {
                double r = h[h.Length - 4 + t] - targets[(row * 8) + (half * 4) + t];
                sum += r * r;
            }
        }

        return sum / 8;
    }
}
