using System.IO;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Training;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// The small trainer most checkpoint tests save and load: <see cref="SimpleTanhModel"/> (62 parameters) with Adam and
/// carried state, so that every section of a checkpoint is in use, trained on a reproducible stream of batches.
/// </summary>
internal static class CheckpointTestTrainers
{
    public const int Rows = 2;

    public const int Steps = 5;

    public const string Signature = "Input(3) SimpleRnn(5, Tanh) Dense(2, Linear)";

    /// <summary>5·3 + 5·5 + 5 + 5 for the SimpleRnn, 2·5 + 2 for the Dense.</summary>
    public const int ParameterCount = 62;

    /// <summary>One hidden vector of 5 units, padded to a block of 8.</summary>
    public const int StateLength = 8;

    public static Trainer<SimpleTanhModel> Create(Optimizer? optimizer = null, bool carryState = true, int modelSeed = 1) =>
        new(
            new SimpleTanhModel(modelSeed),
            optimizer ?? new Adam(0.01f),
            Loss.MeanSquaredError,
            new TrainerOptions { MaxSequenceLength = Steps, CarryState = carryState });

    /// <summary>Trains on batch number <paramref name="batch"/> of the stream; returns the loss.</summary>
    public static float Train(Trainer<SimpleTanhModel> trainer, int batch) =>
        trainer.TrainBatch(
            TrainingData.Uniform(Rows * Steps * SimpleTanhModel.InputSize, seed: 1000 + batch),
            TrainingData.Uniform(Rows * Steps * SimpleTanhModel.OutputSize, seed: 2000 + batch),
            Rows,
            Steps);

    /// <summary>Trains on batches 0 to <paramref name="batches"/> − 1.</summary>
    public static Trainer<SimpleTanhModel> Trained(int batches, Optimizer? optimizer = null, bool carryState = true)
    {
        Trainer<SimpleTanhModel> trainer = Create(optimizer, carryState);
        for (int batch = 0; batch < batches; batch++)
        {
            Train(trainer, batch);
        }

        return trainer;
    }

    public static byte[] Checkpoint<TModel>(Trainer<TModel> trainer)
        where TModel : class, IRecurrentModel<TModel>
    {
        var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Asserts that <paramref name="trainer"/> is where <paramref name="twin"/> is: the same parameters and step count, and
    /// the same loss and parameters after batch <paramref name="batch"/>, which holds only if the optimizer's state and
    /// the carried state agree too.
    /// </summary>
    public static void AssertContinuesAlike(Trainer<SimpleTanhModel> trainer, Trainer<SimpleTanhModel> twin, int batch)
    {
        Assert.Equal(twin.Optimizer.StepCount, trainer.Optimizer.StepCount);
        Assert.Equal(Bits(twin.Model.Parameters), Bits(trainer.Model.Parameters));

        Assert.Equal(Train(twin, batch), Train(trainer, batch));
        Assert.Equal(Bits(twin.Model.Parameters), Bits(trainer.Model.Parameters));
    }
}
