using RnnCodegen.Tests.Training.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>Bad arguments are rejected before any work, with messages that name expected and actual.</summary>
public class TrainerArgumentTests
{
    [Fact]
    public void Inputs_of_the_wrong_length_are_rejected()
    {
        using var trainer = LinearTrainer();

        var exception = Assert.Throws<ArgumentException>(() => trainer.TrainBatch(new float[5], new float[6], batchSize: 2, sequenceLength: 3));

        Assert.Equal("inputs", exception.ParamName);
        Assert.Contains("Expected batchSize 2 × sequenceLength 3 × InputSize 1 = 6 inputs, got 5.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_of_the_wrong_length_are_rejected()
    {
        using var trainer = new Trainer<SigmoidClassifierModel>(new SigmoidClassifierModel(1), new Sgd(0.1f), Loss.MeanSquaredError);

        var exception = Assert.Throws<ArgumentException>(() => trainer.Evaluate(new float[12], new float[17], batchSize: 2, sequenceLength: 3));

        Assert.Equal("targets", exception.ParamName);
        Assert.Contains("Expected batchSize 2 × sequenceLength 3 × OutputSize 3 = 18 targets, got 17.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Last_step_only_expects_one_step_of_targets()
    {
        using var trainer = new Trainer<LinearRecurrenceModel>(LinearRecurrenceModel.Create(1), new Sgd(0.1f), Loss.MeanSquaredError, new TrainerOptions { LastStepOnly = true });

        var exception = Assert.Throws<ArgumentException>(() => trainer.TrainBatch(new float[6], new float[6], batchSize: 2, sequenceLength: 3));

        Assert.Contains("Expected batchSize 2 × 1 step (LastStepOnly) × OutputSize 1 = 2 targets, got 6.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequences_longer_than_the_maximum_are_rejected()
    {
        using var trainer = new Trainer<LinearRecurrenceModel>(LinearRecurrenceModel.Create(1), new Sgd(0.1f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = 4 });

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch(new float[5], new float[5], batchSize: 1, sequenceLength: 5));

        Assert.Equal("sequenceLength", exception.ParamName);
        Assert.Contains("must be in [1, 4] (TrainerOptions.MaxSequenceLength), was 5", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(-1, 3)]
    [InlineData(2, 0)]
    public void Empty_batches_are_rejected(int batchSize, int sequenceLength)
    {
        using var trainer = LinearTrainer();

        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, batchSize, sequenceLength));
    }

    [Fact]
    public void Class_indices_out_of_range_are_named_with_their_position()
    {
        using var trainer = new Trainer<SigmoidClassifierModel>(new SigmoidClassifierModel(1), new Sgd(0.1f), Loss.CrossEntropy);
        int[] classes = [0, 1, 2, 0, 2, 3];

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch(new float[12], classes, batchSize: 2, sequenceLength: 3));

        Assert.Equal("classes", exception.ParamName);
        Assert.Contains("Class 3 at batch row 1, step 2 is outside [0, 3)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Last_step_only_class_errors_name_the_last_step()
    {
        using var trainer = new Trainer<BigramModel>(new BigramModel(1), new Sgd(0.1f), Loss.CrossEntropy, new TrainerOptions { LastStepOnly = true });

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch([0, 1, 2, 3, 0, 1], [1, -2], batchSize: 2, sequenceLength: 3));

        Assert.Contains("Class -2 at batch row 1, step 2 is outside [0, 4)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_out_of_the_vocabulary_are_named_with_their_position()
    {
        using var trainer = new Trainer<BigramModel>(new BigramModel(1), new Sgd(0.1f), Loss.CrossEntropy);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainBatch([0, 7, 1, 2], [0, 1, 2, 3], batchSize: 2, sequenceLength: 2));

        Assert.Equal("tokens", exception.ParamName);
        Assert.Contains("Token 7 at batch row 0, step 1 is outside the vocabulary [0, 4)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_must_be_of_the_kind_the_loss_takes()
    {
        using var crossEntropy = new Trainer<SigmoidClassifierModel>(new SigmoidClassifierModel(1), new Sgd(0.1f), Loss.CrossEntropy);
        using var meanSquared = new Trainer<SigmoidClassifierModel>(new SigmoidClassifierModel(1), new Sgd(0.1f), Loss.MeanSquaredError);

        var floats = Assert.Throws<ArgumentException>(() => crossEntropy.TrainBatch(new float[4], new float[6], batchSize: 2, sequenceLength: 1));
        var classes = Assert.Throws<ArgumentException>(() => meanSquared.TrainBatch(new float[4], new int[2], batchSize: 2, sequenceLength: 1));

        Assert.Equal("targets", floats.ParamName);
        Assert.Contains("CrossEntropy takes class indices", floats.Message, StringComparison.Ordinal);
        Assert.Equal("classes", classes.ParamName);
        Assert.Contains("MeanSquaredError takes float targets", classes.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_must_be_of_the_kind_the_model_takes()
    {
        using var tokenTrainer = new Trainer<BigramModel>(new BigramModel(1), new Sgd(0.1f), Loss.CrossEntropy);
        using var floatTrainer = LinearTrainer();

        var floats = Assert.Throws<ArgumentException>(() => tokenTrainer.TrainBatch(new float[2], new int[2], batchSize: 2, sequenceLength: 1));
        var tokens = Assert.Throws<ArgumentException>(() => floatTrainer.TrainBatch(new int[2], new float[2], batchSize: 2, sequenceLength: 1));

        Assert.Equal("inputs", floats.ParamName);
        Assert.Contains("BigramModel takes tokens", floats.Message, StringComparison.Ordinal);
        Assert.Equal("tokens", tokens.ParamName);
        Assert.Contains("LinearRecurrenceModel takes 1 floats per step, not tokens", tokens.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_entropy_needs_a_last_dense_layer()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Trainer<LinearRecurrenceModel>(LinearRecurrenceModel.Create(1), new Sgd(0.1f), Loss.CrossEntropy));

        Assert.Equal("loss", exception.ParamName);
        Assert.Contains("ends with SimpleRnn", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TrainerOptions> BadOptions => new()
    {
        new TrainerOptions { MaxSequenceLength = 0 },
        new TrainerOptions { MaxDegreeOfParallelism = 0 },
        new TrainerOptions { ClipGradientNorm = 0f },
        new TrainerOptions { ClipGradientNorm = float.NaN },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected(TrainerOptions options)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<LinearRecurrenceModel>(LinearRecurrenceModel.Create(1), new Sgd(0.1f), Loss.MeanSquaredError, options));

        Assert.Equal("options", exception.ParamName);
    }

    [Fact]
    public void A_disposed_trainer_refuses_to_train()
    {
        var trainer = LinearTrainer();
        trainer.TrainBatch(new float[2], new float[2], batchSize: 2, sequenceLength: 1);

        trainer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => trainer.TrainBatch(new float[2], new float[2], batchSize: 2, sequenceLength: 1));
        Assert.Throws<ObjectDisposedException>(trainer.ResetState);
    }

    private static Trainer<LinearRecurrenceModel> LinearTrainer() =>
        new(LinearRecurrenceModel.Create(1), new Sgd(0.1f), Loss.MeanSquaredError, new TrainerOptions { MaxDegreeOfParallelism = 2 });
}
