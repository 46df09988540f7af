using RnnCodegen.Internals;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Training.Models;

/// <summary>
/// A SimpleRnn(1) with a linear activation: h_t = w·x_t + b + a·h_{t−1} + c, output y_t = h_t.
/// With a = 0 it is the memoryless y = w x + b + c, whose MSE gradients have a closed form.
/// </summary>
internal sealed class LinearRecurrenceModel : HandWrittenModel, IRecurrentModel<LinearRecurrenceModel>
{
    public LinearRecurrenceModel(float inputWeight, float recurrentWeight, float inputBias, float recurrentBias)
        : base(Descriptor)
    {
        Parameters[InputWeight] = inputWeight;
        Parameters[RecurrentWeight] = recurrentWeight;
        Parameters[InputBias] = inputBias;
        Parameters[RecurrentBias] = recurrentBias;
    }

    public static ModelDescriptor Descriptor { get; } = new(1, new LayerSpec(LayerKind.SimpleRnn, 1, Activation.Linear));

    public static int InputWeight { get; } = StorageIndex(Descriptor, 0, TensorRole.InputWeights, 0);

    public static int RecurrentWeight { get; } = StorageIndex(Descriptor, 0, TensorRole.RecurrentWeights, 0);

    public static int InputBias { get; } = StorageIndex(Descriptor, 0, TensorRole.InputBias, 0);

    public static int RecurrentBias { get; } = StorageIndex(Descriptor, 0, TensorRole.RecurrentBias, 0);

    /// <summary>The tape keeps h of every step, after the starting h in step 0.</summary>
    public static int TapeLengthPerStep => 1;

    /// <summary>dL/dh_t of every step.</summary>
    public static int DeltaLengthPerStep => 1;

    public static int GradientWorkItems => 1;

    public static LinearRecurrenceModel Create(int seed)
    {
        var random = new Random(seed);
        return new LinearRecurrenceModel(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f);
    }

    public static void ForwardTraining(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int steps, Span<float> state, Span<float> tape, Span<float> outputs, bool logits)
    {
        if (inputs.Length != steps || tape.Length != steps + 1 || outputs.Length != steps)
        {
            throw new InvalidOperationException($"The trainer passed {inputs.Length} inputs, {tape.Length} tape and {outputs.Length} outputs for {steps} steps.");
        }

        float h = state[0];
        tape[0] = h;
        for (int t = 0; t < steps; t++)
        {
            h = (parameters[InputWeight] * inputs[t]) + parameters[InputBias] + (parameters[RecurrentWeight] * h) + parameters[RecurrentBias];
            tape[t + 1] = h;
            outputs[t] = h;
        }

        state[0] = h;
    }

    public static void Backward(ReadOnlySpan<float> parameters, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas)
    {
        float dh = 0f;
        for (int t = steps - 1; t >= 0; t--)
        {
            dh += outputGradients[t];
            deltas[t] = dh;
            dh *= parameters[RecurrentWeight];
        }
    }

    public static void WeightGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> deltas, Span<float> gradients, int item)
    {
        for (int row = 0; row < rows; row++)
        {
            for (int t = 0; t < steps; t++)
            {
                float dh = deltas[(row * steps) + t];
                gradients[InputWeight] += dh * inputs[(row * steps) + t];
                gradients[RecurrentWeight] += dh * tape[(row * (steps + 1)) + t];
                gradients[InputBias] += dh;
                gradients[RecurrentBias] += dh;
            }
        }
    }
}
