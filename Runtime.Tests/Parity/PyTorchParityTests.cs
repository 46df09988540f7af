using System.IO;
using System.Linq;
using RnnCodegen.Internals;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Parity;

/// <summary>
/// Weights trained or initialised in PyTorch, imported through safetensors, give PyTorch's outputs (computed in
/// double precision by tools/make_fixtures.py) to 1e-5 through Predict, the built-in state and a caller-owned state.
/// The suite runs on every SIMD path (.ci/run repeats it with AVX2 and with all intrinsics disabled).
/// </summary>
public sealed class PyTorchParityTests
{
    private const double MaxError = 1e-5;

    private delegate void Sequence<TModel>(TModel model, Fixture fixture, Span<float> outputs);

    [Fact]
    public void SimpleRnnTanh() => Check<SimpleTanhModel>("simple_tanh", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, SimpleTanhModel.InputSize, SimpleTanhModel.OutputSize, o, m.Step));

    [Fact]
    public void SimpleRnnRelu() => Check<SimpleReluModel>("simple_relu", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, SimpleReluModel.InputSize, SimpleReluModel.OutputSize, o, m.Step));

    [Fact]
    public void Lstm() => Check<LstmModel>("lstm", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, LstmModel.InputSize, LstmModel.OutputSize, o, m.Step));

    [Fact]
    public void LstmPeepholes() => Check<LstmPeepholeModel>("lstm_peephole", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, LstmPeepholeModel.InputSize, LstmPeepholeModel.OutputSize, o, m.Step));

    [Fact]
    public void GruResetAfter() => Check<GruModel>("gru", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, GruModel.InputSize, GruModel.OutputSize, o, m.Step));

    [Fact]
    public void GruResetBefore() => Check<GruResetBeforeModel>("gru_reset_before", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, GruResetBeforeModel.InputSize, GruResetBeforeModel.OutputSize, o, m.Step));

    [Fact]
    public void StackedGruAndSimpleRnn() => Check<StackedModel>("stacked", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, StackedModel.InputSize, StackedModel.OutputSize, o, m.Step));

    [Fact]
    public void DenseBeforeAndAfterGru() => Check<DenseFirstModel>("dense_first", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, DenseFirstModel.InputSize, DenseFirstModel.OutputSize, o, m.Step));

    [Fact]
    public void WideLstm() => Check<LstmWideModel>("lstm_wide", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, LstmWideModel.InputSize, LstmWideModel.OutputSize, o, m.Step));

    [Fact]
    public void StackedPeepholeLstmWithSoftmax() => Check<LstmStackedPeepholeModel>("lstm_stacked_peephole", (m, f, o) => m.Predict(f.Inputs, o), (m, f, o) => Steps(f, LstmStackedPeepholeModel.InputSize, LstmStackedPeepholeModel.OutputSize, o, m.Step));

    [Fact]
    public void EmbeddingLanguageModel() => Check<EmbeddingLmModel>(
        "embedding_lm",
        (m, f, o) => m.Predict(f.Tokens, o),
        (m, f, o) =>
        {
            // a caller-owned state, advanced token by token
            var state = default(EmbeddingLmModel.State);
            for (int t = 0; t < f.StepCount; t++)
            {
                m.Step(ref state, f.Tokens[t], o.Slice(t * EmbeddingLmModel.OutputSize, EmbeddingLmModel.OutputSize));
            }
        });

    [Fact]
    public void FixtureSignaturesNameTheDeclaredArchitecture()
    {
        Assert.Equal(LstmStackedPeepholeModel.Descriptor.Signature, SafetensorsDocument.Read(Fixture.PathOf("lstm_stacked_peephole.safetensors")).Metadata["signature"]);
        Assert.Equal(EmbeddingLmModel.Descriptor.Signature, SafetensorsDocument.Read(Fixture.PathOf("embedding_lm.safetensors")).Metadata["signature"]);
    }

    [Fact]
    public void ExportWritesPyTorchsTensorsBackUnchanged()
    {
        var model = new LstmStackedPeepholeModel();
        model.ImportSafetensors(Fixture.PathOf("lstm_stacked_peephole.safetensors"));
        string path = Path.Combine(Path.GetTempPath(), $"rnncodegen-export-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.ExportSafetensors(path);
            SafetensorsDocument original = SafetensorsDocument.Read(Fixture.PathOf("lstm_stacked_peephole.safetensors"));
            SafetensorsDocument exported = SafetensorsDocument.Read(path);
            Assert.Equal(original.Tensors.Select(tensor => tensor.Name), exported.Tensors.Select(tensor => tensor.Name));
            foreach (SafetensorsTensor tensor in original.Tensors)
            {
                Assert.Equal(tensor.Shape, exported[tensor.Name].Shape);
                Assert.Equal(tensor.Floats, exported[tensor.Name].Floats);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Check<TModel>(string name, Sequence<TModel> predict, Sequence<TModel> stepByStep)
        where TModel : class, IRecurrentModel<TModel>
    {
        Fixture fixture = Fixture.Load(name);
        TModel model = TModel.Create(seed: 7);
        Safetensors.Import(TModel.Descriptor, model.Parameters, fixture.WeightsPath);

        float[] outputs = new float[fixture.Outputs.Length];
        predict(model, fixture, outputs);
        Closeness.AssertClose($"{name} Predict", fixture.Outputs, outputs, MaxError);

        Array.Clear(outputs);
        stepByStep(model, fixture, outputs);
        Closeness.AssertClose($"{name} Step", fixture.Outputs, outputs, MaxError);
    }

    private delegate void StepFunction(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Feeds the fixture's inputs one step at a time through the model's own state.</summary>
    private static void Steps(Fixture fixture, int inputSize, int outputSize, Span<float> outputs, StepFunction step)
    {
        for (int t = 0; t < fixture.StepCount; t++)
        {
            step(fixture.Inputs.AsSpan(t * inputSize, inputSize), outputs.Slice(t * outputSize, outputSize));
        }
    }
}
