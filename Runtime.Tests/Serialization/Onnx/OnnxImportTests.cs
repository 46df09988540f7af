using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Reference;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// ImportOnnx reads back every variant ExportOnnx writes (gate orders undone exactly), refuses other graphs by
/// naming what does not fit, and survives damaged files: a refusal leaves the storage untouched, an acceptance
/// computes what ONNX Runtime, an independent parser, computes from the same bytes.
/// </summary>
public sealed class OnnxImportTests
{
    private const int FuzzSeed = 20261130;
    private const int FuzzIterations = 1500;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void Every_exported_variant_imports_back_bit_for_bit(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        float[] original = model.SeededParameters(9);
        float[] storage = Sentinel(model.Descriptor);

        Onnx.Import(model.Descriptor, storage, new MemoryStream(Exported(model.Descriptor, original)));

        Assert.Equal(Bits(Canonical(model.Descriptor, original)), Bits(Canonical(model.Descriptor, storage)));
    }

    [Theory]
    [InlineData("LstmModel", "GruModel", "LSTM node 'layers.0.lstm' is a Lstm layer where layer 0 is Gru(16)")]
    [InlineData("SimpleReluModel", "SimpleTanhModel", "RNN node 'layers.0.rnn' has hidden_size = 12, layer 0 (SimpleRnn(5, Tanh)) needs 5")]
    [InlineData("StackedModel", "GruModel", "layer 1 is Dense(2, Relu)")]
    [InlineData("GruModel", "StackedModel", "layer 1 is SimpleRnn(8, Relu)")]
    public void A_graph_of_another_model_is_refused_with_what_does_not_fit(string exported, string importer, string fragment)
    {
        IModelUnderTest source = ModelCatalog.Get(exported);
        ModelDescriptor target = ModelCatalog.Get(importer).Descriptor;

        AssertRefused(target, Exported(source.Descriptor, source.SeededParameters(1)), fragment, $"exported from '{source.Descriptor.Signature}'");
    }

    [Fact]
    public void A_variant_of_the_same_size_is_refused_by_the_attribute_that_differs()
    {
        AssertVariantRefused(new LayerSpec(LayerKind.Gru, 9), new LayerSpec(LayerKind.Gru, 9, ResetAfter: false), "linear_before_reset = 1, layer 0 (Gru(9, ResetBefore)) needs 0");
        AssertVariantRefused(new LayerSpec(LayerKind.Gru, 9, ResetAfter: false), new LayerSpec(LayerKind.Gru, 9), "linear_before_reset = 0, layer 0 (Gru(9)) needs 1");
        AssertVariantRefused(new LayerSpec(LayerKind.SimpleRnn, 5, Activation.Relu), new LayerSpec(LayerKind.SimpleRnn, 5, Activation.Tanh), "has activations [Relu], layer 0 (SimpleRnn(5, Tanh)) needs [Tanh]");
        AssertVariantRefused(new LayerSpec(LayerKind.Lstm, 10), new LayerSpec(LayerKind.Lstm, 10, Peepholes: true), "has no peephole input P, layer 0 is Lstm(10, Peepholes)");
        AssertVariantRefused(new LayerSpec(LayerKind.Lstm, 10, Peepholes: true), new LayerSpec(LayerKind.Lstm, 10), "has peephole input P, layer 0 is Lstm(10)");
    }

    private static void AssertVariantRefused(LayerSpec exported, LayerSpec declared, string fragment)
    {
        var source = new ModelDescriptor(3, exported, new LayerSpec(LayerKind.Dense, 2));
        AssertRefused(new ModelDescriptor(3, declared, new LayerSpec(LayerKind.Dense, 2)), Exported(source, Initialized(source, 1)), fragment);
    }

    [Fact]
    public void A_dense_activation_that_differs_is_named()
    {
        var sigmoid = new ModelDescriptor(3, new LayerSpec(LayerKind.Dense, 2, Activation.Sigmoid));
        var tanh = new ModelDescriptor(3, new LayerSpec(LayerKind.Dense, 2, Activation.Tanh));
        var linear = new ModelDescriptor(3, new LayerSpec(LayerKind.Dense, 2));

        AssertRefused(tanh, Exported(sigmoid, Initialized(sigmoid, 1)), "the graph applies Sigmoid to its output");
        AssertRefused(linear, Exported(sigmoid, Initialized(sigmoid, 1)), "layer 0 is Dense(2, Linear), but the graph applies Sigmoid to its output");
        AssertRefused(sigmoid, Exported(linear, Initialized(linear, 1)), "the graph applies no activation");
    }

    [Fact]
    public void A_constant_non_zero_initial_state_or_a_foreign_operator_is_refused()
    {
        var model = new ModelDescriptor(2, new LayerSpec(LayerKind.SimpleRnn, 3, Activation.Tanh));
        AssertRefused(model, HandWritten(initialState: [0.5f, 0f, 0f], extraOperator: null), "starts from a constant non-zero initial state 'h0'");
        AssertRefused(model, HandWritten(initialState: null, extraOperator: "Conv"), "Conv node 'extra' is an operator RnnCodegen's layers do not use");

        float[] storage = Sentinel(model);
        Onnx.Import(model, storage, new MemoryStream(HandWritten(initialState: [0f, 0f, 0f], extraOperator: "Identity")));
        Assert.Equal(Bits([.. Enumerable.Range(0, 6).Select(i => i / 10f)]), Bits(Canonical(model, storage).AsSpan(0, 6))); // weight_ih, gate order trivial
    }

    /// <summary>SimpleRnn(3) on 2 inputs written node by node: W = 0, 0.1, …, R = 1, B = 0, an optional h0 and an optional extra node.</summary>
    private static byte[] HandWritten(float[]? initialState, string? extraOperator)
    {
        var graph = new OnnxGraphWriter();
        graph.Value(input: true, "input", 1, "T", "1", "2");
        graph.FloatInitializer("W", [.. Enumerable.Range(0, 6).Select(i => i / 10f)], 1, 3, 2);
        graph.FloatInitializer("R", [.. Enumerable.Repeat(1f, 9)], 1, 3, 3);
        graph.FloatInitializer("B", new float[6], 1, 6);
        graph.Int64Initializer("axes", [1]);
        if (initialState is not null)
        {
            graph.FloatInitializer("h0", initialState, 1, 1, 3);
        }

        graph.Node("RNN", "rnn", ["input", "W", "R", "B", "", initialState is null ? "" : "h0"], ["y"], OnnxGraphWriter.IntAttribute("hidden_size", 3));
        graph.Node("Squeeze", "squeeze", ["y", "axes"], [extraOperator is null ? "output" : "squeezed"]);
        if (extraOperator is not null)
        {
            graph.Node(extraOperator, "extra", ["squeezed"], ["output"]);
        }

        graph.Value(input: false, "output", 1, "T", "1", "3");
        var stream = new MemoryStream();
        graph.WriteModel(stream, 8, 17, "hand-written");
        return stream.ToArray();
    }

    [Fact]
    public void Every_truncation_is_refused_or_reads_the_complete_graph()
    {
        ModelDescriptor model = ModelCatalog.Get("SimpleTanhModel").Descriptor;
        float[] original = Initialized(model, 3);
        byte[] file = Exported(model, original);
        for (int length = 0; length < file.Length; length++)
        {
            float[] storage = Sentinel(model);
            try
            {
                Onnx.Import(model, storage, new MemoryStream(file[..length]));
            }
            catch (ModelFormatException)
            {
                Assert.Equal(Bits(Sentinel(model)), Bits(storage));
                continue;
            }

            // A cut between two top-level fields after the graph (opset, metadata) can leave a complete, valid graph.
            Assert.Equal(Bits(Canonical(model, original)), Bits(Canonical(model, storage)));
        }
    }

    [Fact]
    public void A_forged_length_or_an_oversized_file_is_refused_without_allocating_for_it()
    {
        ModelDescriptor model = ModelCatalog.Get("SimpleTanhModel").Descriptor;
        byte[] forged = [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3]; // field 7 (graph), length 2^32 - 1, then 3 bytes
        AssertRefused(model, forged, "ModelProto has a field of 4294967295 bytes where 3 are left");
        AssertRefused(model, new byte[(17 << 20) + (8 * 4 * model.ParameterCount)], "longer than");
        AssertRefused(model, [], "empty");
        AssertRefused(model, [0x08, 0x08], "has no graph");
    }

    [Fact]
    public void Damaged_files_are_refused_cleanly_or_compute_what_OnnxRuntime_computes_from_them()
    {
        IModelUnderTest model = ModelCatalog.Get("SimpleTanhModel");
        ModelDescriptor descriptor = model.Descriptor;
        byte[] valid = Exported(descriptor, model.SeededParameters(4));
        var random = new Random(FuzzSeed);
        Sequence sequence = TestData.RandomSequence(descriptor, 5, new Random(1));
        int accepted = 0;
        for (int iteration = 0; iteration < FuzzIterations; iteration++)
        {
            byte[] damaged = Damage(valid, random);
            float[] storage = Sentinel(descriptor);
            try
            {
                Onnx.Import(descriptor, storage, new MemoryStream(damaged));
            }
            catch (ModelFormatException)
            {
                Assert.Equal(Bits(Sentinel(descriptor)), Bits(storage));
                continue;
            }
            catch (Exception other)
            {
                throw new InvalidOperationException($"Iteration {iteration}: {other.GetType().Name} escaped: {other.Message}", other);
            }

            accepted++;
            float[]? onnxRuntime = TryOnnxRuntime(damaged, descriptor, sequence);
            if (onnxRuntime is not null)
            {
                float[] ours = model.ForwardTraining(storage, sequence, new float[descriptor.StateLength], logits: false).Outputs;
                for (int i = 0; i < ours.Length; i++)
                {
                    bool same = (float.IsNaN(ours[i]) && float.IsNaN(onnxRuntime[i])) || Math.Abs(ours[i] - onnxRuntime[i]) <= 1e-5 * Math.Max(1, Math.Abs(onnxRuntime[i]));
                    Assert.True(same, $"Iteration {iteration}: output {i} is {ours[i]} here, {onnxRuntime[i]} in ONNX Runtime.");
                }
            }
        }

        Assert.InRange(accepted, 1, FuzzIterations - 1); // both outcomes exercised
    }

    private static byte[] Damage(byte[] file, Random random)
    {
        byte[] copy = [.. file];
        switch (random.Next(4))
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 2:
                int at = random.Next(copy.Length);
                return [.. copy[..at], .. copy[Math.Min(copy.Length, at + random.Next(1, 9))..]];
            default:
                int position = random.Next(copy.Length + 1);
                return [.. copy[..position], (byte)random.Next(256), .. copy[position..]];
        }
    }

    private static float[]? TryOnnxRuntime(byte[] file, ModelDescriptor descriptor, Sequence sequence)
    {
        try
        {
            return OnnxExportTests.Run(file, descriptor, sequence);
        }
        catch (OnnxRuntimeException)
        {
            return null; // ONNX Runtime validates more than the weights RnnCodegen reads (names, types, shapes)
        }
    }

    private static byte[] Exported(ModelDescriptor model, float[] storage)
    {
        var stream = new MemoryStream();
        Onnx.Export(model, storage, stream);
        return stream.ToArray();
    }

    private static void AssertRefused(ModelDescriptor model, byte[] file, params string[] fragments)
    {
        float[] storage = Sentinel(model);
        var error = Assert.Throws<ModelFormatException>(() => Onnx.Import(model, storage, new MemoryStream(file)));
        foreach (string fragment in fragments)
        {
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' is not in: {error.Message}");
        }

        Assert.Equal(Bits(Sentinel(model)), Bits(storage));
    }
}
