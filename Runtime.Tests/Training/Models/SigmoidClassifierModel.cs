using RnnCodegen.Internals;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Training.Models;

/// <summary>
/// A memoryless Dense(3, Sigmoid) over 2 inputs: z = W x + b, output σ(z). Its logits (z) differ from its activated
/// outputs, so tests see which of the two the trainer asked for.
/// </summary>
internal sealed class SigmoidClassifierModel : HandWrittenModel, IRecurrentModel<SigmoidClassifierModel>
{
    public const int Inputs = 2;
    public const int Classes = 3;

    public SigmoidClassifierModel(int seed)
        : base(Descriptor)
    {
        var random = new Random(seed);
        for (int i = 0; i < Classes * Inputs; i++)
        {
            Parameters[Weight(i / Inputs, i % Inputs)] = random.NextSingle() - 0.5f;
        }

        for (int o = 0; o < Classes; o++)
        {
            Parameters[Bias(o)] = random.NextSingle() - 0.5f;
        }
    }

    public static ModelDescriptor Descriptor { get; } = new(Inputs, new LayerSpec(LayerKind.Dense, Classes, Activation.Sigmoid));

    /// <summary>The tape keeps each step's activated outputs.</summary>
    public static int TapeLengthPerStep => Classes;

    /// <summary>dL/dz of every step.</summary>
    public static int DeltaLengthPerStep => Classes;

    public static int GradientWorkItems => 1;

    public static SigmoidClassifierModel Create(int seed) => new(seed);

    public static int Weight(int output, int input) => StorageIndex(Descriptor, 0, TensorRole.InputWeights, (output * Inputs) + input);

    public static int Bias(int output) => StorageIndex(Descriptor, 0, TensorRole.InputBias, output);

    /// <summary>z of one step, in double, for references.</summary>
    public double Logit(ReadOnlySpan<float> x, int output) =>
        Parameters[Bias(output)] + ((double)Parameters[Weight(output, 0)] * x[0]) + ((double)Parameters[Weight(output, 1)] * x[1]);

    public static void ForwardTraining(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int steps, Span<float> state, Span<float> tape, Span<float> outputs, bool logits)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int o = 0; o < Classes; o++)
            {
                float z = Z(parameters, inputs.Slice(t * Inputs, Inputs), o);
                tape[((t + 1) * Classes) + o] = Sigmoid(z);
                outputs[(t * Classes) + o] = logits ? z : Sigmoid(z);
            }
        }
    }

    public static void Backward(ReadOnlySpan<float> parameters, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int o = 0; o < Classes; o++)
            {
                float dz = outputGradients[(t * Classes) + o];
                if (!logits)
                {
                    float y = tape[((t + 1) * Classes) + o];
                    dz *= y * (1f - y);
                }

                deltas[(t * Classes) + o] = dz;
            }
        }
    }

    public static void WeightGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> deltas, Span<float> gradients, int item)
    {
        for (int step = 0; step < rows * steps; step++)
        {
            ReadOnlySpan<float> x = inputs.Slice(step * Inputs, Inputs);
            for (int o = 0; o < Classes; o++)
            {
                float dz = deltas[(step * Classes) + o];
                gradients[Weight(o, 0)] += dz * x[0];
                gradients[Weight(o, 1)] += dz * x[1];
                gradients[Bias(o)] += dz;
            }
        }
    }

    private static float Z(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int output) =>
        parameters[Bias(output)] + (parameters[Weight(output, 0)] * x[0]) + (parameters[Weight(output, 1)] * x[1]);

    private static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));
}
