using System.IO;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Whatever a checkpoint's counts claim, refusing it allocates about what the file holds, never what it claims.</summary>
public class CheckpointAllocationTests
{
    /// <summary>Room for the exception and its message: no buffer of the claimed size.</summary>
    private const long HeaderRefusalBound = 16 * 1024;

    /// <summary>The carried state grows from 64 Ki floats (256 KiB) as its bytes arrive.</summary>
    private const long CarriedRefusalBound = 320 * 1024;

    [Fact]
    public void A_forged_parameter_count_is_refused_before_anything_is_allocated()
    {
        using Trainer<SimpleTanhModel> saved = Trained(1);
        byte[] file = Checkpoint(saved);
        BitConverter.GetBytes(int.MaxValue).CopyTo(file, 8 + 4 + 4 + Signature.Length);

        Assert.InRange(AllocatedByFailedLoad(file), 0, HeaderRefusalBound);
    }

    [Theory]
    [InlineData(10_000_000)]
    [InlineData(260_000_000)]
    public void A_forged_carried_row_count_allocates_what_the_file_holds_not_what_it_claims(int rows)
    {
        // 10 million rows of 8 floats claim 320 MB; 260 million claim 8.3 GB. The file holds 64 bytes of them.
        using Trainer<SimpleTanhModel> saved = Trained(1);
        byte[] file = Checkpoint(saved);
        int carriedRowsOffset = file.Length - 4 - (4 * Rows * StateLength) - 8;
        BitConverter.GetBytes(rows).CopyTo(file, carriedRowsOffset);

        Assert.InRange(AllocatedByFailedLoad(file), 0, CarriedRefusalBound);
    }

    private static long AllocatedByFailedLoad(byte[] file)
    {
        using Trainer<SimpleTanhModel> trainer = Create();
        long Load()
        {
            var stream = new MemoryStream(file);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                trainer.LoadCheckpoint(stream);
            }
            catch (ModelFormatException)
            {
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            throw new InvalidOperationException("The forged checkpoint loaded.");
        }

        Load(); // JIT and type initialization are not the load's doing
        return Load();
    }
}
