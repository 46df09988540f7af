using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Training;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>The library's checkpoints against the documented layout, as <see cref="CheckpointBuilder"/> writes it independently.</summary>
public class CheckpointFormatTests
{
    private static readonly (string, float)[] AdamDefaults =
        [("lr", 0.01f), ("beta1", 0.9f), ("beta2", 0.999f), ("eps", 1e-8f), ("weight_decay", 0f)];

    private static readonly (string, float)[] FrozenSgd =
        [("lr", 0f), ("momentum", 0f), ("dampening", 0f), ("weight_decay", 0f), ("nesterov", 0f)];

    [Fact]
    public void The_library_writes_the_documented_layout()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(3, new Adam(0.01f), carryState: false);
        Optimizer adam = trainer.Optimizer;
        var expected = new CheckpointBuilder(Signature, Canonical(trainer.Model.Parameters), StateLength)
        {
            Optimizer = "Adam",
            Hyperparameters = AdamDefaults,
            StepCount = 3,
            StateBuffers = [("exp_avg", Canonical(adam.StateBuffer(0))), ("exp_avg_sq", Canonical(adam.StateBuffer(1)))],
        };

        Assert.Equal(expected.ToBytes(), Checkpoint(trainer));
    }

    [Fact]
    public void Sgd_writes_its_hyperparameters_and_momentum_buffer_by_their_pytorch_names()
    {
        using Trainer<SimpleTanhModel> trainer = Trained(2, new Sgd(0.05f, momentum: 0.8f, weightDecay: 0.01f, nesterov: true), carryState: false);
        var expected = new CheckpointBuilder(Signature, Canonical(trainer.Model.Parameters), StateLength)
        {
            Optimizer = "Sgd",
            Hyperparameters = [("lr", 0.05f), ("momentum", 0.8f), ("dampening", 0f), ("weight_decay", 0.01f), ("nesterov", 1f)],
            StepCount = 2,
            StateBuffers = [("momentum_buffer", Canonical(trainer.Optimizer.StateBuffer(0)))],
        };

        Assert.Equal(expected.ToBytes(), Checkpoint(trainer));
    }

    [Fact]
    public void Before_the_first_step_the_buffers_are_named_but_empty()
    {
        using Trainer<SimpleTanhModel> trainer = Create(new AdamW(0.01f), carryState: false);
        var expected = new CheckpointBuilder(Signature, Canonical(trainer.Model.Parameters), StateLength)
        {
            Optimizer = "AdamW",
            Hyperparameters = [("lr", 0.01f), ("beta1", 0.9f), ("beta2", 0.999f), ("eps", 1e-8f), ("weight_decay", 0.01f)],
            StateBuffers = [("exp_avg", []), ("exp_avg_sq", [])],
        };

        Assert.Equal(expected.ToBytes(), Checkpoint(trainer));
    }

    [Fact]
    public void The_carried_state_is_each_rows_model_state_at_the_end_of_the_batch()
    {
        // A learning rate of 0 keeps the parameters those the batch ran with, so Step can replay each row.
        using Trainer<SimpleTanhModel> trainer = Trained(1, new Sgd(0f));
        byte[] file = Checkpoint(trainer);

        float[] carried = CarriedSection(file, out int rows, out int perRow);

        Assert.Equal((Rows, StateLength), (rows, perRow));
        float[] inputs = TrainingData.Uniform(Rows * Steps * SimpleTanhModel.InputSize, seed: 1000);
        for (int row = 0; row < Rows; row++)
        {
            var state = default(SimpleTanhModel.State);
            float[] output = new float[SimpleTanhModel.OutputSize];
            for (int t = 0; t < Steps; t++)
            {
                trainer.Model.Step(ref state, inputs.AsSpan(((row * Steps) + t) * SimpleTanhModel.InputSize, SimpleTanhModel.InputSize), output);
            }

            float[] expected = StateFloats(ref state);
            float[] actual = carried[(row * StateLength)..((row + 1) * StateLength)];
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-6f));
        }
    }

    [Fact]
    public void The_next_batch_starts_each_row_from_the_carried_state_in_the_checkpoint()
    {
        float[] carried = new float[Rows * StateLength];
        for (int row = 0; row < Rows; row++)
        {
            for (int unit = 0; unit < 5; unit++)
            {
                carried[(row * StateLength) + unit] = (0.1f * (unit + 1)) - (0.7f * row); // units 5 to 7 are padding: 0
            }
        }

        using Trainer<SimpleTanhModel> trainer = Create(new Sgd(0f));
        var checkpoint = new CheckpointBuilder(Signature, Canonical(trainer.Model.Parameters), StateLength)
        {
            Hyperparameters = FrozenSgd,
            StepCount = 4,
            CarriedStates = carried,
        };
        trainer.LoadCheckpoint(new MemoryStream(checkpoint.ToBytes()));

        float loss = Train(trainer, batch: 0);

        // The reference: mean squared error of Step's outputs from those states.
        float[] inputs = TrainingData.Uniform(Rows * Steps * SimpleTanhModel.InputSize, seed: 1000);
        float[] targets = TrainingData.Uniform(Rows * Steps * SimpleTanhModel.OutputSize, seed: 2000);
        double sum = 0;
        for (int row = 0; row < Rows; row++)
        {
            var state = default(SimpleTanhModel.State);
            carried.AsSpan(row * StateLength, StateLength).CopyTo(MemoryMarshal.Cast<SimpleTanhModel.State, float>(MemoryMarshal.CreateSpan(ref state, 1)));
            float[] output = new float[SimpleTanhModel.OutputSize];
            for (int t = 0; t < Steps; t++)
            {
                int at = (row * Steps) + t;
                trainer.Model.Step(ref state, inputs.AsSpan(at * SimpleTanhModel.InputSize, SimpleTanhModel.InputSize), output);
                for (int o = 0; o < SimpleTanhModel.OutputSize; o++)
                {
                    double error = output[o] - targets[(at * SimpleTanhModel.OutputSize) + o];
                    sum += error * error;
                }
            }
        }

        Assert.Equal(sum / (Rows * Steps * SimpleTanhModel.OutputSize), loss, 1e-6);
        Assert.Equal(5, trainer.Optimizer.StepCount);
    }

    public static TheoryData<int> CarriedRowCounts => [0, Rows, 40_000];

    [Theory]
    [MemberData(nameof(CarriedRowCounts))]
    public void A_checkpoint_from_the_reference_writer_loads_and_saves_back_byte_for_byte(int rows)
    {
        // 40 000 rows are 320 000 floats: more than the reader allocates before the bytes arrive, so the buffer grows.
        var random = new Random(5);
        float[] Floats(int count) => [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() - 0.5f)];
        float[] carried = new float[rows * StateLength];
        for (int row = 0; row < rows; row++)
        {
            Floats(5).CopyTo(carried, row * StateLength);
        }

        var checkpoint = new CheckpointBuilder(Signature, Floats(ParameterCount), StateLength)
        {
            Optimizer = "Adam",
            Hyperparameters = AdamDefaults,
            StepCount = 7,
            StateBuffers = [("exp_avg", Floats(ParameterCount)), ("exp_avg_sq", Floats(ParameterCount))],
            CarriedStates = carried,
        };
        byte[] file = checkpoint.ToBytes();
        using Trainer<SimpleTanhModel> trainer = Trained(2);

        trainer.LoadCheckpoint(new MemoryStream(file));

        Assert.Equal(7, trainer.Optimizer.StepCount);
        Assert.Equal(Bits(checkpoint.Parameters), Bits(Canonical(trainer.Model.Parameters)));
        Assert.Equal(Bits(checkpoint.StateBuffers[1].Values), Bits(Canonical(trainer.Optimizer.StateBuffer(1))));
        Assert.Equal(file, Checkpoint(trainer));
    }

    private static float[] Canonical(ReadOnlySpan<float> storage)
    {
        float[] canonical = new float[ParameterCount];
        SimpleTanhModel.Descriptor.GatherCanonical(storage, canonical);
        return canonical;
    }

    private static float[] StateFloats(ref SimpleTanhModel.State state) =>
        MemoryMarshal.Cast<SimpleTanhModel.State, float>(MemoryMarshal.CreateSpan(ref state, 1)).ToArray();

    /// <summary>The last fields before the checksum: carried rows, carried state length, and the carried state, whose size the test knows.</summary>
    private static float[] CarriedSection(byte[] file, out int rows, out int perRow)
    {
        int carriedBytes = 4 * Rows * StateLength;
        int header = file.Length - 4 - carriedBytes - 8;
        rows = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(header));
        perRow = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(header + 4));
        return MemoryMarshal.Cast<byte, float>(file.AsSpan(header + 8, carriedBytes)).ToArray();
    }
}
