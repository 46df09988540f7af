using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// ONNX Runtime runs the graph <see cref="Onnx.Export(ModelDescriptor, ReadOnlySpan{float}, Stream)"/> writes and
/// gets what Predict gets, for every model of the catalog: every layer kind and variant (LSTM with and without
/// peepholes, GRU reset-after and reset-before, SimpleRnn Tanh and Relu, Embedding, Dense with each activation, stacks).
/// </summary>
public sealed class OnnxExportTests
{
    private const int Steps = 9;
    private const int Seed = 7;

    /// <summary>The bound the design promises; ONNX Runtime's float32 kernels differ from ours by rounding only (at most 9e-8 observed over the catalog).</summary>
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(ModelCatalog.Names), MemberType = typeof(ModelCatalog))]
    public void OnnxRuntime_computes_what_Predict_computes(string name)
    {
        IModelUnderTest model = ModelCatalog.Get(name);
        ModelDescriptor descriptor = model.Descriptor;
        Sequence sequence = TestData.RandomSequence(descriptor, Steps, new Random(31));
        var file = new MemoryStream();
        Onnx.Export(descriptor, model.SeededParameters(Seed), file);

        float[] actual = Run(file.ToArray(), descriptor, sequence);

        float[] expected = model.Predict(Seed, sequence);
        Closeness.AssertClose($"{name} under ONNX Runtime", expected, actual, Tolerance);
    }

    /// <summary>Runs one sequence through ONNX Runtime: [T, 1, I] floats or [T, 1] int64 tokens in, [T, 1, O] out.</summary>
    internal static float[] Run(byte[] onnx, ModelDescriptor descriptor, Sequence sequence)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(onnx, options);
        NamedOnnxValue input = descriptor.TokenInput
            ? NamedOnnxValue.CreateFromTensor("tokens", new DenseTensor<long>(sequence.Tokens.Select(token => (long)token).ToArray(), [sequence.Steps, 1]))
            : NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(sequence.Inputs, [sequence.Steps, 1, descriptor.InputSize]));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([input]);
        Tensor<float> output = results.Single(result => result.Name == "output").AsTensor<float>();
        Assert.Equal([sequence.Steps, 1, descriptor.OutputSize], output.Dimensions.ToArray());
        return [.. output];
    }
}
