using System.IO;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;

namespace RnnCodegen.Tests.Serialization;

/// <summary>A valid checkpoint from another model, optimizer or carry setting is refused by name, leaving the trainer as it was.</summary>
public class CheckpointCompatibilityTests
{
    private const int Batches = 2;

    [Fact]
    public void A_checkpoint_of_another_model_is_refused_naming_both_signatures()
    {
        using var gru = new Trainer<GruModel>(new GruModel(1), new Adam(0.01f), Loss.MeanSquaredError);

        AssertRefused(
            Checkpoint(gru),
            new Adam(0.01f),
            "Cannot load the checkpoint: field 'signature' names another model. " +
            "The checkpoint holds a model 'Input(4) Gru(16) Dense(2, Relu)', this trainer's model is 'Input(3) SimpleRnn(5, Tanh) Dense(2, Linear)'.");
    }

    [Fact]
    public void A_checkpoint_of_adam_is_refused_by_an_sgd_trainer_naming_both()
    {
        using Trainer<SimpleTanhModel> adam = Trained(Batches, new Adam(0.01f));

        AssertRefused(
            Checkpoint(adam),
            new Sgd(0.01f, momentum: 0.9f),
            "field 'optimizer' names another optimizer. The checkpoint was saved with Adam, this trainer's optimizer is Sgd.");
    }

    [Fact]
    public void Adam_and_adamw_are_different_optimizers()
    {
        using Trainer<SimpleTanhModel> adamW = Trained(Batches, new AdamW(0.01f));

        AssertRefused(Checkpoint(adamW), new Adam(0.01f), "The checkpoint was saved with AdamW, this trainer's optimizer is Adam.");
    }

    [Fact]
    public void A_different_momentum_is_refused_naming_both_values()
    {
        using Trainer<SimpleTanhModel> sgd = Trained(Batches, new Sgd(0.01f, momentum: 0.9f));

        AssertRefused(
            Checkpoint(sgd),
            new Sgd(0.01f, momentum: 0.5f),
            "field 'momentum' is 0.9 in the checkpoint, this trainer's Sgd has 0.5. Only the learning rate may differ when resuming.");
    }

    [Fact]
    public void Sgd_without_momentum_cannot_continue_sgd_with_momentum()
    {
        using Trainer<SimpleTanhModel> sgd = Trained(Batches, new Sgd(0.01f, momentum: 0.9f));

        AssertRefused(Checkpoint(sgd), new Sgd(0.01f), "field 'momentum' is 0.9 in the checkpoint, this trainer's Sgd has 0.");
    }

    [Fact]
    public void A_different_nesterov_flag_is_refused()
    {
        using Trainer<SimpleTanhModel> sgd = Trained(Batches, new Sgd(0.01f, momentum: 0.9f));

        AssertRefused(Checkpoint(sgd), new Sgd(0.01f, momentum: 0.9f, nesterov: true), "field 'nesterov' is 0 in the checkpoint, this trainer's Sgd has 1.");
    }

    [Fact]
    public void A_different_beta2_is_refused_naming_both_values()
    {
        using Trainer<SimpleTanhModel> adam = Trained(Batches, new Adam(0.01f));

        AssertRefused(Checkpoint(adam), new Adam(0.01f, beta2: 0.99f), "field 'beta2' is 0.999 in the checkpoint, this trainer's Adam has 0.99.");
    }

    [Fact]
    public void A_different_weight_decay_is_refused()
    {
        using Trainer<SimpleTanhModel> adamW = Trained(Batches, new AdamW(0.01f));

        AssertRefused(Checkpoint(adamW), new AdamW(0.01f, weightDecay: 0.1f), "field 'weight_decay' is 0.01 in the checkpoint, this trainer's AdamW has 0.1.");
    }

    [Fact]
    public void Carried_rows_are_refused_by_a_trainer_that_does_not_carry_state()
    {
        using Trainer<SimpleTanhModel> carrying = Trained(Batches);

        AssertRefused(
            Checkpoint(carrying),
            new Adam(0.01f),
            $"field 'carried rows' is {Rows}, but this trainer does not carry state (TrainerOptions.CarryState is off)",
            carryState: false);
    }

    [Fact]
    public void Without_carried_rows_a_checkpoint_loads_whatever_the_carry_setting()
    {
        using Trainer<SimpleTanhModel> notCarrying = Trained(Batches, carryState: false);
        using Trainer<SimpleTanhModel> reset = Trained(Batches);
        reset.ResetState();
        using Trainer<SimpleTanhModel> carrying = Create();
        using Trainer<SimpleTanhModel> plain = Create(carryState: false);

        carrying.LoadCheckpoint(new MemoryStream(Checkpoint(notCarrying)));
        plain.LoadCheckpoint(new MemoryStream(Checkpoint(reset)));

        // Both start their next batch from zero states, as the trainers that saved them do.
        AssertContinuesAlike(carrying, notCarrying, batch: Batches);
        AssertContinuesAlike(plain, reset, batch: Batches);
    }

    /// <summary>
    /// Loads <paramref name="checkpoint"/> into a trainer (itself trained <see cref="Batches"/> batches with
    /// <paramref name="optimizer"/>) and checks the refusal, then that the trainer continues exactly as its twin,
    /// which never saw the checkpoint.
    /// </summary>
    private static void AssertRefused(byte[] checkpoint, Optimizer optimizer, string message, bool carryState = true)
    {
        using Trainer<SimpleTanhModel> trainer = Trained(Batches, optimizer, carryState);
        using Trainer<SimpleTanhModel> twin = Trained(Batches, Clone(optimizer), carryState);

        var exception = Assert.Throws<ModelFormatException>(() => trainer.LoadCheckpoint(new MemoryStream(checkpoint)));

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        AssertContinuesAlike(trainer, twin, batch: Batches);
    }

    private static Optimizer Clone(Optimizer optimizer) => optimizer switch
    {
        Sgd sgd => new Sgd(sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Dampening, sgd.Nesterov),
        Adam adam => new Adam(adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay),
        AdamW adamW => new AdamW(adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };
}
