using System.IO;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>Whatever a header claims, loading allocates no more than the model's own size allows.</summary>
public class ModelFileAllocationTests
{
    /// <summary>Input(8) Lstm(64) Dense(4): 4·64·8 + 4·64·64 + 2·256 + 4·64 + 4 = 19 204 parameters, 76 816 bytes.</summary>
    private static readonly ModelDescriptor Model = new(8, new LayerSpec(LayerKind.Lstm, 64), new LayerSpec(LayerKind.Dense, 4));

    private static readonly ModelFileBuilder Valid = new(Model.Signature, new float[19204]);

    /// <summary>Room for the exception and its message, far below a single parameter buffer of the model.</summary>
    private const long RefusalBound = 16 * 1024;

    public static TheoryData<string> Forgeries => ["signature length", "metadata entry count", "parameter count"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_huge_length_in_the_header_is_refused_before_anything_is_allocated(string field)
    {
        ModelFileBuilder forged = field switch
        {
            "signature length" => Valid with { SignatureLength = int.MaxValue },
            "metadata entry count" => Valid with { MetadataCount = int.MaxValue },
            _ => Valid with { ParameterCount = int.MaxValue },
        };
        byte[] file = forged.ToBytes();
        float[] storage = new float[Model.StorageLength];
        AllocatedByFailedLoad(file, storage); // JIT and type initialization are not the load's doing

        long allocated = AllocatedByFailedLoad(file, storage);

        Assert.True(allocated < RefusalBound, $"Refusing a forged '{field}' allocated {allocated} bytes.");
    }

    [Fact]
    public void A_valid_load_allocates_one_parameter_buffer_and_little_else()
    {
        byte[] file = Valid.ToBytes();
        float[] storage = new float[Model.StorageLength];
        ModelFile.Load(Model, storage, new MemoryStream(file));
        var stream = new MemoryStream(file);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelFile.Load(Model, storage, stream);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 4 * 19204, (4 * 19204) + 4096);
    }

    private static long AllocatedByFailedLoad(byte[] file, float[] storage)
    {
        var stream = new MemoryStream(file);
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            ModelFile.Load(Model, storage, stream);
        }
        catch (ModelFormatException)
        {
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        throw new InvalidOperationException("The forged file loaded.");
    }
}
