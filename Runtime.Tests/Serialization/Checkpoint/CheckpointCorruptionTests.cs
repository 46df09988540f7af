using System.IO;
using System.Linq;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// One forged or damaged field at a time: each must be refused by name, and the trainer must continue exactly as a
/// twin that never saw the file (parameters, optimizer state and step count, carried state).
/// </summary>
public class CheckpointCorruptionTests
{
    private const int Batches = 2;

    /// <summary>Magic 8 + version 4 + signature length 4 + signature 44 + parameter count 4 + parameters 4·62.</summary>
    private const int OptimizerOffset = 8 + 4 + 4 + 44 + 4 + (4 * ParameterCount);

    /// <summary>Optimizer 4 + 4, hyperparameter count 4, then lr 10, beta1 13, beta2 13, eps 11, weight_decay 20.</summary>
    private const int StepCountOffset = OptimizerOffset + 8 + 4 + 10 + 13 + 13 + 11 + 20;

    /// <summary>Step count 8, state length 4, buffer count 4, exp_avg 4 + 7 + 4·62, exp_avg_sq 4 + 10 + 4·62.</summary>
    private const int CarriedRowsOffset = StepCountOffset + 8 + 4 + 4 + (4 + 7 + (4 * ParameterCount)) + (4 + 10 + (4 * ParameterCount));

    private static readonly float[] Zeros = new float[ParameterCount];

    /// <summary>A valid checkpoint for the trainer of <see cref="CheckpointTestTrainers"/>: Adam, 3 steps, 2 carried rows.</summary>
    private static CheckpointBuilder Valid => new(Signature, Enumerable.Range(0, ParameterCount).Select(i => i / 100f).ToArray(), StateLength)
    {
        Optimizer = "Adam",
        Hyperparameters = [("lr", 0.01f), ("beta1", 0.9f), ("beta2", 0.999f), ("eps", 1e-8f), ("weight_decay", 0f)],
        StepCount = 3,
        StateBuffers = [("exp_avg", Zeros), ("exp_avg_sq", Zeros)],
        CarriedStates = new float[Rows * StateLength],
    };

    [Fact]
    public void The_valid_file_has_the_documented_layout_and_loads()
    {
        byte[] file = Valid.ToBytes();
        using Trainer<SimpleTanhModel> trainer = Trained(Batches);

        trainer.LoadCheckpoint(new MemoryStream(file));

        Assert.Equal(CarriedRowsOffset + 4 + 4 + (4 * Rows * StateLength) + 4, file.Length);
        Assert.Equal(3, BitConverter.ToInt64(file, StepCountOffset));
        Assert.Equal(Rows, BitConverter.ToInt32(file, CarriedRowsOffset));
        Assert.Equal(3, trainer.Optimizer.StepCount);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        AssertRefused([], "Cannot load the checkpoint: field 'magic' is missing: the file is empty.");
    }

    [Fact]
    public void A_model_file_is_refused_by_its_magic()
    {
        var modelFile = new MemoryStream();
        new SimpleTanhModel(1).Save(modelFile);

        AssertRefused(
            modelFile.ToArray(),
            "field 'magic' is 89524E4E0D0A1A0A, expected 89524E430D0A1A0A: this is an RnnCodegen model file (written by a model's Save), not a checkpoint: load it with the model's Load.");
    }

    [Theory]
    [InlineData(0u, "field 'format version' is 0, this RnnCodegen reads version 1.")]
    [InlineData(2u, "field 'format version' is 2, this RnnCodegen reads version 1: the file was written by a newer RnnCodegen.")]
    public void An_unknown_format_version_is_refused(uint version, string message)
    {
        AssertRefused((Valid with { Version = version }).ToBytes(), message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    public void A_signature_length_out_of_bounds_is_refused(int length)
    {
        AssertRefused((Valid with { SignatureLength = length }).ToBytes(), $"field 'signature length' is {length}, expected 1 to 4096.");
    }

    [Theory]
    [InlineData(61)]
    [InlineData(int.MaxValue)]
    public void A_wrong_parameter_count_is_refused(int count)
    {
        AssertRefused(
            (Valid with { ParameterCount = count }).ToBytes(),
            $"field 'parameter count' is {count}, expected 62 (the parameters of '{Signature}').");
    }

    [Theory]
    [InlineData("")]
    [InlineData("AnOptimizerWhoseNameIsLongerThanSixtyFourBytesWhichNoReaderShouldAccept")]
    public void An_optimizer_name_out_of_bounds_is_refused(string name)
    {
        AssertRefused((Valid with { Optimizer = name }).ToBytes(), $"field 'optimizer length' is {name.Length}, expected 1 to 64.");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    public void A_hyperparameter_count_out_of_bounds_is_refused(int count)
    {
        AssertRefused((Valid with { HyperparameterCount = count }).ToBytes(), $"field 'hyperparameter count' is {count}, expected 0 to 16.");
    }

    [Fact]
    public void A_missing_hyperparameter_is_refused()
    {
        AssertRefused(
            (Valid with { Hyperparameters = Valid.Hyperparameters.Take(4).ToArray() }).ToBytes(),
            "field 'hyperparameter count' is 4, expected 5 (the hyperparameters of Adam).");
    }

    [Fact]
    public void A_misnamed_hyperparameter_is_refused()
    {
        (string, float)[] renamed = [.. Valid.Hyperparameters];
        renamed[3] = ("epsilon", 1e-8f);

        AssertRefused((Valid with { Hyperparameters = renamed }).ToBytes(), "field 'hyperparameter name' is 'epsilon', expected 'eps' (hyperparameter 3 of Adam).");
    }

    [Fact]
    public void A_negative_step_count_is_refused()
    {
        AssertRefused((Valid with { StepCount = -1 }).ToBytes(), "field 'step count' is -1, expected 0 or more.");
    }

    [Fact]
    public void A_step_count_with_no_step_left_is_refused()
    {
        AssertRefused((Valid with { StepCount = long.MaxValue }).ToBytes(), $"field 'step count' is {long.MaxValue}, the most a step count holds");
    }

    [Fact]
    public void An_optimizer_that_stepped_without_state_is_refused()
    {
        AssertRefused(
            (Valid with { StateLength = 0 }).ToBytes(),
            $"field 'optimizer state length' is 0, expected 62: after 3 steps the optimizer keeps state for each parameter of '{Signature}'.");
    }

    [Fact]
    public void State_before_the_first_step_is_refused()
    {
        AssertRefused(
            (Valid with { StepCount = 0, StateLength = ParameterCount }).ToBytes(),
            "field 'optimizer state length' is 62, expected 0: an optimizer that has taken no step has no state yet.");
    }

    [Fact]
    public void A_state_buffer_count_out_of_bounds_is_refused()
    {
        AssertRefused((Valid with { StateBufferCount = 5 }).ToBytes(), "field 'state buffer count' is 5, expected 0 to 4.");
    }

    [Fact]
    public void A_missing_state_buffer_is_refused()
    {
        AssertRefused(
            (Valid with { StateBuffers = [("exp_avg", Zeros)] }).ToBytes(),
            "field 'state buffer count' is 1, expected 2 (the state buffers of this Adam).");
    }

    [Fact]
    public void State_buffers_in_the_wrong_order_are_refused()
    {
        AssertRefused(
            (Valid with { StateBuffers = [("exp_avg_sq", Zeros), ("exp_avg", Zeros)] }).ToBytes(),
            "field 'state buffer name' is 'exp_avg_sq', expected 'exp_avg' (state buffer 0 of Adam).");
    }

    [Fact]
    public void A_negative_carried_row_count_is_refused()
    {
        AssertRefused((Valid with { CarriedRows = -1 }).ToBytes(), "field 'carried rows' is -1, expected 0 to 2147483647.");
    }

    [Fact]
    public void A_carried_state_length_of_another_layout_is_refused()
    {
        AssertRefused(
            (Valid with { CarriedStateLengthField = 5 }).ToBytes(),
            $"field 'carried state length' is 5, expected 8 (the recurrent state floats per row of '{Signature}').");
    }

    [Fact]
    public void More_carried_floats_than_an_array_holds_are_refused()
    {
        AssertRefused(
            (Valid with { CarriedRows = int.MaxValue }).ToBytes(),
            "field 'carried rows' is 2147483647: 2147483647 rows of 8 floats are more than an array holds.");
    }

    [Fact]
    public void More_carried_rows_than_the_file_holds_are_refused_as_truncated()
    {
        byte[] file = (Valid with { CarriedRows = 1000 }).ToBytes();

        AssertRefused(file, $"field 'carried state' is truncated: the file ends at byte {file.Length}, after {file.Length - CarriedRowsOffset - 8} of the field's 32000 bytes.");
    }

    [Fact]
    public void A_wrong_checksum_is_refused()
    {
        byte[] file = Valid.ToBytes();
        uint stored = BitConverter.ToUInt32(file, file.Length - 4);

        AssertRefused(
            (Valid with { Checksum = stored ^ 1 }).ToBytes(),
            $"field 'checksum' is 0x{stored ^ 1:X8}, expected 0x{stored:X8} (the CRC-32 of the {file.Length - 4} bytes before it): the file is corrupted.");
    }

    [Fact]
    public void Bytes_after_the_checksum_are_refused()
    {
        byte[] file = (Valid with { Trailing = [0] }).ToBytes();

        AssertRefused(file, $"field 'checksum' is followed by more bytes (at byte {file.Length - 1}): the file must end after it.");
    }

    [Fact]
    public void A_file_cut_short_anywhere_is_refused_as_truncated()
    {
        byte[] file = Valid.ToBytes();
        using Trainer<SimpleTanhModel> trainer = Trained(Batches);
        using Trainer<SimpleTanhModel> twin = Trained(Batches);

        for (int length = 0; length < file.Length; length++)
        {
            var exception = Assert.Throws<ModelFormatException>(() => trainer.LoadCheckpoint(new MemoryStream(file[..length])));
            Assert.Contains(length == 0 ? "is missing: the file is empty." : $"is truncated: the file ends at byte {length}", exception.Message, StringComparison.Ordinal);
        }

        AssertContinuesAlike(trainer, twin, Batches);
    }

    [Fact]
    public void Any_single_flipped_bit_is_refused()
    {
        byte[] file = Valid.ToBytes();
        using Trainer<SimpleTanhModel> trainer = Trained(Batches);
        using Trainer<SimpleTanhModel> twin = Trained(Batches);

        for (int bit = 0; bit < 8 * file.Length; bit++)
        {
            byte[] damaged = [.. file];
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<ModelFormatException>(() => trainer.LoadCheckpoint(new MemoryStream(damaged)));
        }

        AssertContinuesAlike(trainer, twin, Batches);
    }

    private static void AssertRefused(byte[] file, string message)
    {
        using Trainer<SimpleTanhModel> trainer = Trained(Batches);
        using Trainer<SimpleTanhModel> twin = Trained(Batches);

        var exception = Assert.Throws<ModelFormatException>(() => trainer.LoadCheckpoint(new MemoryStream(file)));

        Assert.StartsWith("Cannot load the checkpoint: field '", exception.Message, StringComparison.Ordinal);
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        AssertContinuesAlike(trainer, twin, Batches);
    }
}
