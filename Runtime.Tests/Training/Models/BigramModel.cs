using RnnCodegen.Internals;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Training.Models;

/// <summary>
/// A token model without memory: Embedding(4, 2) then Dense(4): z = W e[token] + b, the logits of the next token.
/// </summary>
internal sealed class BigramModel : HandWrittenModel, IRecurrentModel<BigramModel>
{
    public const int Vocabulary = 4;
    public const int EmbeddingSize = 2;

    public BigramModel(int seed)
        : base(Descriptor)
    {
        var random = new Random(seed);
        foreach (ref float parameter in Parameters)
        {
            parameter = random.NextSingle() - 0.5f;
        }
    }

    public static ModelDescriptor Descriptor { get; } = new(
        0, new LayerSpec(LayerKind.Embedding, EmbeddingSize, VocabularySize: Vocabulary), new LayerSpec(LayerKind.Dense, Vocabulary));

    /// <summary>The tape keeps each step's embedding row.</summary>
    public static int TapeLengthPerStep => EmbeddingSize;

    /// <summary>dL/dz, then dL/d(embedding row), of every step.</summary>
    public static int DeltaLengthPerStep => Vocabulary + EmbeddingSize;

    public static int GradientWorkItems => 1;

    public static BigramModel Create(int seed) => new(seed);

    public static int Embedding(int token, int component) => StorageIndex(Descriptor, 0, TensorRole.EmbeddingTable, (token * EmbeddingSize) + component);

    public static int Weight(int output, int input) => StorageIndex(Descriptor, 1, TensorRole.InputWeights, (output * EmbeddingSize) + input);

    public static int Bias(int output) => StorageIndex(Descriptor, 1, TensorRole.InputBias, output);

    public static void ForwardTraining(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int steps, Span<float> state, Span<float> tape, Span<float> outputs, bool logits)
    {
        if (!inputs.IsEmpty || tokens.Length != steps)
        {
            throw new InvalidOperationException($"A token model got {inputs.Length} float inputs and {tokens.Length} tokens for {steps} steps.");
        }

        for (int t = 0; t < steps; t++)
        {
            Span<float> row = tape.Slice((t + 1) * EmbeddingSize, EmbeddingSize);
            for (int e = 0; e < EmbeddingSize; e++)
            {
                row[e] = parameters[Embedding(tokens[t], e)];
            }

            for (int o = 0; o < Vocabulary; o++)
            {
                float z = parameters[Bias(o)];
                for (int e = 0; e < EmbeddingSize; e++)
                {
                    z += parameters[Weight(o, e)] * row[e];
                }

                outputs[(t * Vocabulary) + o] = z;
            }
        }
    }

    public static void Backward(ReadOnlySpan<float> parameters, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas)
    {
        for (int t = 0; t < steps; t++)
        {
            Span<float> step = deltas.Slice(t * DeltaLengthPerStep, DeltaLengthPerStep);
            step.Clear();
            for (int o = 0; o < Vocabulary; o++)
            {
                float dz = outputGradients[(t * Vocabulary) + o];
                step[o] = dz;
                for (int e = 0; e < EmbeddingSize; e++)
                {
                    step[Vocabulary + e] += dz * parameters[Weight(o, e)];
                }
            }
        }
    }

    public static void WeightGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> deltas, Span<float> gradients, int item)
    {
        for (int row = 0; row < rows; row++)
        {
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<float> step = deltas.Slice(((row * steps) + t) * DeltaLengthPerStep, DeltaLengthPerStep);
                ReadOnlySpan<float> embedding = tape.Slice(((row * (steps + 1)) + t + 1) * EmbeddingSize, EmbeddingSize);
                int token = tokens[(row * steps) + t];
                for (int o = 0; o < Vocabulary; o++)
                {
                    gradients[Bias(o)] += step[o];
                    for (int e = 0; e < EmbeddingSize; e++)
                    {
                        gradients[Weight(o, e)] += step[o] * embedding[e];
                    }
                }

                for (int e = 0; e < EmbeddingSize; e++)
                {
                    gradients[Embedding(token, e)] += step[Vocabulary + e];
                }
            }
        }
    }
}
