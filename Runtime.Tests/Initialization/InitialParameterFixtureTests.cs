using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Parity;

namespace RnnCodegen.Tests.Initialization;

/// <summary>
/// <c>M.Create(seed)</c> gives, bit for bit, the parameters tools/make_init_fixtures.py computes with its own SplitMix64
/// and PyTorch's bounds, for every layer kind and a positive and a negative seed. The suite runs on every SIMD path
/// (.ci/run), so this also pins that a seed gives the same weights on each.
/// </summary>
public sealed class InitialParameterFixtureTests
{
    public static TheoryData<string, string, int> Cases
    {
        get
        {
            var cases = new TheoryData<string, string, int>();
            foreach ((string fixture, string model) in new[]
            {
                ("embedding_lm", "EmbeddingLmModel"),
                ("lstm_stacked_peephole", "LstmStackedPeepholeModel"),
                ("stacked", "StackedModel"),
                ("gru_reset_before", "GruResetBeforeModel"),
                ("dense_first", "DenseFirstModel"),
            })
            {
                cases.Add(fixture, model, 42);
                cases.Add(fixture, model, -7);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Seeded_parameters_equal_the_independent_reimplementation(string fixture, string model, int seed)
    {
        IModelUnderTest underTest = ModelCatalog.Get(model);
        SafetensorsDocument expected = SafetensorsDocument.Read(Fixture.PathOf(fixture + ".init.safetensors"));
        string prefix = $"seed{seed}.";
        Assert.Equal(
            underTest.Descriptor.Tensors.Select(tensor => prefix + tensor.Name),
            expected.Tensors.Select(tensor => tensor.Name).Where(name => name.StartsWith(prefix, StringComparison.Ordinal)));

        float[] parameters = underTest.SeededParameters(seed);
        foreach (TensorDescriptor tensor in underTest.Descriptor.Tensors)
        {
            float[] actual = new float[tensor.ElementCount];
            tensor.Gather(parameters, actual);
            float[] reference = expected[prefix + tensor.Name].Floats;
            int differ = FirstBitDifference(actual, reference);
            Assert.True(differ < 0, $"{model} seed {seed} {tensor.Name}[{differ}]: {(differ < 0 ? 0 : actual[differ]):R}, the reference has {(differ < 0 ? 0 : reference[differ]):R}.");
        }
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Padding_stays_zero(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        float[] parameters = model.SeededParameters(9);

        // Copying only the real parameters into a zeroed storage reproduces it unless some padding is not zero.
        float[] realOnly = new float[descriptor.StorageLength];
        descriptor.ScatterCanonical(Canonical.Gather(descriptor, parameters), realOnly);
        int at = FirstBitDifference(parameters, realOnly);
        Assert.True(at < 0, $"{name}: storage index {at} is padding but holds {(at < 0 ? 0 : parameters[at]):R}.");
    }

    /// <summary>The first index where the two differ bit for bit (so NaN and −0 count), or −1.</summary>
    private static int FirstBitDifference(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
