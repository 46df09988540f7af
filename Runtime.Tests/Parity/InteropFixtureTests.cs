using System.IO;
using System.Linq;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// Ordinary PyTorch modules (tools/make_interop_fixtures.py: named submodules under a <c>model.</c> prefix, a stacked
/// nn.LSTM, batch_first) come in through their own state dicts and through <c>torch.onnx.export</c>, and compute what
/// PyTorch computed in float64, from a zero state and from its h0/c0.
/// </summary>
public sealed class InteropFixtureTests
{
    /// <summary>float32 inference against float64 PyTorch over ≤ 10 steps: at most 4e-8 observed from a zero state; the design's 1e-5 bound.</summary>
    private const double MaxError = 1e-5;

    [Fact]
    public void A_language_model_with_a_stacked_LSTM_imports_from_its_state_dict_and_from_ONNX()
    {
        SafetensorsDocument io = Io("language_model");
        int[] tokens = [.. io["tokens"].Int64s.Select(token => (int)token)];
        var fromStateDict = new EmbeddingLmModel(seed: 1);
        fromStateDict.ImportSafetensors(PathOf("language_model.safetensors"));
        var fromOnnx = new EmbeddingLmModel(seed: 2);
        fromOnnx.ImportOnnx(PathOf("language_model.onnx"));

        Assert.Equal(Bits(Canonical(EmbeddingLmModel.Descriptor, fromStateDict.Parameters.ToArray())), Bits(Canonical(EmbeddingLmModel.Descriptor, fromOnnx.Parameters.ToArray())));
        float[] outputs = new float[tokens.Length * EmbeddingLmModel.OutputSize];
        fromStateDict.Predict(tokens, outputs);
        Closeness.AssertClose("language_model Predict", io["output"].Floats, outputs, MaxError);

        var state = default(EmbeddingLmModel.State);
        foreach (int layer in (int[])[1, 2])
        {
            io[$"h0.{layer}"].Floats.CopyTo(state.Hidden(layer));
            io[$"c0.{layer}"].Floats.CopyTo(state.Cell(layer));
        }

        for (int t = 0; t < tokens.Length; t++)
        {
            fromStateDict.Step(ref state, tokens[t], outputs.AsSpan(t * EmbeddingLmModel.OutputSize, EmbeddingLmModel.OutputSize));
        }

        Closeness.AssertClose("language_model from h0/c0", io["output_from_state"].Floats, outputs, MaxError);
        foreach (int layer in (int[])[1, 2])
        {
            Closeness.AssertClose($"h_n of layer {layer}", io[$"hn.{layer}"].Floats, state.Hidden(layer), MaxError);
            Closeness.AssertClose($"c_n of layer {layer}", io[$"cn.{layer}"].Floats, state.Cell(layer), MaxError);
        }
    }

    [Fact]
    public void A_GRU_RNN_detector_imports_from_its_state_dict_and_from_ONNX()
    {
        SafetensorsDocument io = Io("detector");
        float[] inputs = io["input"].Floats;
        int steps = inputs.Length / StackedModel.InputSize;
        var fromStateDict = new StackedModel(seed: 1);
        fromStateDict.ImportSafetensors(PathOf("detector.safetensors"));
        var fromOnnx = new StackedModel(seed: 2);
        fromOnnx.ImportOnnx(PathOf("detector.onnx"));

        Assert.Equal(Bits(Canonical(StackedModel.Descriptor, fromStateDict.Parameters.ToArray())), Bits(Canonical(StackedModel.Descriptor, fromOnnx.Parameters.ToArray())));
        float[] outputs = new float[steps * StackedModel.OutputSize];
        fromStateDict.Predict(inputs, outputs);
        Closeness.AssertClose("detector Predict", io["output"].Floats, outputs, MaxError);

        var state = default(StackedModel.State);
        io["h0.0"].Floats.CopyTo(state.Hidden(0));
        io["h0.1"].Floats.CopyTo(state.Hidden(1));
        for (int t = 0; t < steps; t++)
        {
            fromStateDict.Step(ref state, inputs.AsSpan(t * StackedModel.InputSize, StackedModel.InputSize), outputs.AsSpan(t * StackedModel.OutputSize, StackedModel.OutputSize));
        }

        Closeness.AssertClose("detector from h0", io["output_from_state"].Floats, outputs, MaxError);
        Closeness.AssertClose("h_n of the GRU", io["hn.0"].Floats, state.Hidden(0), MaxError);
        Closeness.AssertClose("h_n of the RNN", io["hn.1"].Floats, state.Hidden(1), MaxError);
    }

    [Fact]
    public void A_batch_first_LSTM_with_a_Gemm_head_imports_from_ONNX_and_its_state_dict_exports_back_under_its_names()
    {
        SafetensorsDocument io = Io("sine_batch_first");
        float[] inputs = io["input"].Floats;
        var fromOnnx = new LstmModel(seed: 2);
        fromOnnx.ImportOnnx(PathOf("sine_batch_first.onnx"));
        float[] outputs = new float[inputs.Length];
        fromOnnx.Predict(inputs, outputs);
        Closeness.AssertClose("sine_batch_first Predict", io["output"].Floats, outputs, MaxError);

        string path = Path.Combine(Path.GetTempPath(), $"interop-{Guid.NewGuid():N}.safetensors");
        try
        {
            fromOnnx.ExportSafetensors(path, new TorchModule("model.lstm"), new TorchModule("model.head"));
            SafetensorsDocument original = SafetensorsDocument.Read(PathOf("sine_batch_first.safetensors"));
            SafetensorsDocument exported = SafetensorsDocument.Read(path);
            Assert.Equal(original.Tensors.Select(tensor => tensor.Name).Order(), exported.Tensors.Select(tensor => tensor.Name).Order());
            foreach (SafetensorsTensor tensor in original.Tensors)
            {
                Assert.Equal(tensor.Info.Shape, exported[tensor.Name].Info.Shape);
                Assert.Equal(Bits(tensor.Floats), Bits(exported[tensor.Name].Floats));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_PyTorch_export_of_another_architecture_is_refused_and_the_model_keeps_its_weights()
    {
        var model = new LstmModel(seed: 3);
        float[] before = model.Parameters.ToArray();

        var error = Assert.Throws<ModelFormatException>(() => model.ImportOnnx(PathOf("detector.onnx")));

        Assert.Contains("GRU node", error.Message, StringComparison.Ordinal);
        Assert.Contains("where layer 0 is Lstm(32)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Bits(before), Bits(model.Parameters.ToArray()));
    }

    private static SafetensorsDocument Io(string name) => SafetensorsDocument.Read(PathOf(name + ".io.safetensors"));

    private static string PathOf(string file) => Fixture.PathOf(Path.Combine("interop", file));
}
