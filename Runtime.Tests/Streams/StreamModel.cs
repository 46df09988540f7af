using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Streams;

/// <summary>One step of one stream through <c>Step(ref state, …)</c>, at step <c>t</c> of its sequence.</summary>
internal delegate void SingleStep<TModel, TState>(TModel model, ref TState state, Sequence sequence, int t, Span<float> output);

/// <summary>One step of every stream through the batched <c>Step(states, …)</c>.</summary>
internal delegate void StreamsStep<TModel, TState>(TModel model, Span<TState> states, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, Span<float> outputs);

/// <summary>A generated model seen through its two ways of advancing many streams, whatever its State type.</summary>
internal interface IStreamModel
{
    string Name { get; }

    ModelDescriptor Descriptor { get; }

    float[] SeededParameters(int seed);

    /// <summary>Runs every stream's sequence with one <c>Step(ref state, …)</c> per stream and step; outputs [step, stream, OutputSize].</summary>
    float[] StepEachAlone(int seed, Sequence[] streams);

    /// <summary>Runs the same sequences with one batched step per time step; outputs [step, stream, OutputSize].</summary>
    float[] StepTogether(int seed, Sequence[] streams);
}

internal sealed class StreamModel<TModel, TState>(SingleStep<TModel, TState> single, StreamsStep<TModel, TState> together) : IStreamModel
    where TModel : class, IRecurrentModel<TModel>
    where TState : struct
{
    public string Name => typeof(TModel).Name;

    public ModelDescriptor Descriptor => TModel.Descriptor;

    public float[] SeededParameters(int seed) => TModel.Create(seed).Parameters.ToArray();

    public float[] StepEachAlone(int seed, Sequence[] streams)
    {
        TModel model = TModel.Create(seed);
        int outputSize = Descriptor.OutputSize;
        var states = new TState[streams.Length];
        float[] outputs = new float[streams[0].Steps * streams.Length * outputSize];
        for (int t = 0; t < streams[0].Steps; t++)
        {
            for (int s = 0; s < streams.Length; s++)
            {
                single(model, ref states[s], streams[s], t, outputs.AsSpan(((t * streams.Length) + s) * outputSize, outputSize));
            }
        }

        return outputs;
    }

    public float[] StepTogether(int seed, Sequence[] streams)
    {
        TModel model = TModel.Create(seed);
        int outputSize = Descriptor.OutputSize;
        int inputSize = Descriptor.TokenInput ? 0 : Descriptor.InputSize;
        var states = new TState[streams.Length];
        float[] inputs = new float[streams.Length * inputSize];
        int[] tokens = new int[Descriptor.TokenInput ? streams.Length : 0];
        float[] outputs = new float[streams[0].Steps * streams.Length * outputSize];
        for (int t = 0; t < streams[0].Steps; t++)
        {
            for (int s = 0; s < streams.Length; s++)
            {
                if (Descriptor.TokenInput)
                {
                    tokens[s] = streams[s].Tokens[t];
                }
                else
                {
                    streams[s].Inputs.AsSpan(t * inputSize, inputSize).CopyTo(inputs.AsSpan(s * inputSize));
                }
            }

            together(model, states, inputs, tokens, outputs.AsSpan(t * streams.Length * outputSize, streams.Length * outputSize));
        }

        return outputs;
    }

    public override string ToString() => Name;
}
