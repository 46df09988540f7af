using System.Buffers.Binary;
using System.IO;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Hundreds of random damages to a real checkpoint: every load either restores it or throws
/// <see cref="ModelFormatException"/> and changes nothing; no other exception may escape.
/// </summary>
public class CheckpointFuzzTests
{
    private const int Batches = 2;

    /// <summary>Values a forger would put in a length or count field.</summary>
    private static readonly int[] ExtremeInts = [0, 1, -1, int.MinValue, int.MaxValue, int.MaxValue / 8, 63, 65, 1 << 20];

    [Fact]
    public void Damaged_checkpoints_load_exactly_or_fail_cleanly()
    {
        using Trainer<SimpleTanhModel> saved = Trained(3);
        byte[] original = Checkpoint(saved);
        using Trainer<SimpleTanhModel> trainer = Trained(Batches);
        using Trainer<SimpleTanhModel> twin = Trained(Batches);
        int[] parameters = Bits(trainer.Model.Parameters);
        var random = new Random(20240611);

        for (int iteration = 0; iteration < 400; iteration++)
        {
            byte[] damaged = original;
            for (int count = random.Next(1, 4); count > 0; count--)
            {
                damaged = Mutate(damaged, random);
            }

            try
            {
                trainer.LoadCheckpoint(new MemoryStream(damaged));
            }
            catch (ModelFormatException)
            {
                Assert.Equal(parameters, Bits(trainer.Model.Parameters));
                Assert.Equal(Batches, trainer.Optimizer.StepCount);
                continue;
            }

            // CRC-32 lets a damaged file through with odds of 2^-32: a load succeeds only when nothing changed.
            Assert.Equal(original, damaged);
            using Trainer<SimpleTanhModel> restored = Trained(Batches);
            trainer.LoadCheckpoint(new MemoryStream(Checkpoint(restored)));
        }

        AssertContinuesAlike(trainer, twin, Batches);
    }

    private static byte[] Mutate(byte[] file, Random random)
    {
        if (file.Length < sizeof(int))
        {
            return file;
        }

        byte[] copy = [.. file];
        switch (random.Next(5))
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 2:
                return copy[..random.Next(copy.Length)];
            case 3:
                BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(random.Next(copy.Length - 3)), ExtremeInts[random.Next(ExtremeInts.Length)]);
                return copy;
            default:
                byte[] extra = new byte[random.Next(1, 9)];
                random.NextBytes(extra);
                return [.. copy, .. extra];
        }
    }
}
