using System.Linq;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>Calls the model's Predict overload (float inputs or tokens) on <paramref name="sequence"/>.</summary>
internal delegate void Predictor<TModel>(TModel model, Sequence sequence, Span<float> outputs);

/// <summary>Adapts generated model <typeparamref name="TModel"/> to <see cref="IModelUnderTest"/> through its static members.</summary>
internal sealed class ModelUnderTest<TModel>(Predictor<TModel> predict) : IModelUnderTest
    where TModel : class, IRecurrentModel<TModel>
{
    public string Name => typeof(TModel).Name;

    public ModelDescriptor Descriptor => TModel.Descriptor;

    public float[] SeededParameters(int seed) => TModel.Create(seed).Parameters.ToArray();

    public float[] Predict(int seed, Sequence sequence)
    {
        float[] outputs = new float[sequence.Steps * Descriptor.OutputSize];
        predict(TModel.Create(seed), sequence, outputs);
        return outputs;
    }

    public TrainingPass ForwardTraining(float[] parameters, Sequence sequence, float[] initialState, bool logits)
    {
        float[] state = (float[])initialState.Clone();
        float[] tape = new float[(sequence.Steps + 1) * TModel.TapeLengthPerStep];
        float[] outputs = new float[sequence.Steps * Descriptor.OutputSize];
        TModel.ForwardTraining(parameters, sequence.Inputs, sequence.Tokens, sequence.Steps, state, tape, outputs, logits);
        return new TrainingPass((float[])initialState.Clone(), state, tape, outputs, logits);
    }

    public TrainingPass[] ForwardTrainingRows(float[] parameters, Sequence[] sequences, float[][] initialStates, bool logits)
    {
        int rows = sequences.Length;
        int steps = sequences[0].Steps;
        int stateLength = Descriptor.StateLength;
        int tapeLength = (steps + 1) * TModel.TapeLengthPerStep;
        int outputLength = steps * Descriptor.OutputSize;
        float[] states = [.. initialStates.SelectMany(state => state)];
        float[] tape = new float[rows * tapeLength];
        float[] outputs = new float[rows * outputLength];
        TModel.ForwardTrainingRows(
            parameters, [.. sequences.SelectMany(sequence => sequence.Inputs)], [.. sequences.SelectMany(sequence => sequence.Tokens)], rows, steps, states, tape, outputs, logits);
        return [.. Enumerable.Range(0, rows).Select(row => new TrainingPass(
            (float[])initialStates[row].Clone(),
            states.AsSpan(row * stateLength, stateLength).ToArray(),
            tape.AsSpan(row * tapeLength, tapeLength).ToArray(),
            outputs.AsSpan(row * outputLength, outputLength).ToArray(),
            logits))];
    }

    public float[] Deltas(float[] parameters, TrainingPass pass, float[] outputGradients)
    {
        int steps = pass.Outputs.Length / Descriptor.OutputSize;
        float[] deltas = new float[steps * TModel.DeltaLengthPerStep];
        TModel.Backward(parameters, steps, pass.Tape, outputGradients, pass.Logits, deltas);
        return deltas;
    }

    public float[][] DeltasRows(float[] parameters, TrainingPass[] passes, float[][] outputGradients)
    {
        int rows = passes.Length;
        int steps = passes[0].Outputs.Length / Descriptor.OutputSize;
        int deltaLength = steps * TModel.DeltaLengthPerStep;
        float[] deltas = new float[rows * deltaLength];
        TModel.BackwardRows(parameters, rows, steps, [.. passes.SelectMany(pass => pass.Tape)], [.. outputGradients.SelectMany(gradient => gradient)], passes[0].Logits, deltas);
        return [.. Enumerable.Range(0, rows).Select(row => deltas.AsSpan(row * deltaLength, deltaLength).ToArray())];
    }

    public void Backward(float[] parameters, Sequence sequence, TrainingPass pass, float[] outputGradients, float[] gradients)
    {
        float[] deltas = new float[sequence.Steps * TModel.DeltaLengthPerStep];
        TModel.Backward(parameters, sequence.Steps, pass.Tape, outputGradients, pass.Logits, deltas);
        for (int item = 0; item < TModel.GradientWorkItems; item++)
        {
            TModel.WeightGradients(sequence.Inputs, sequence.Tokens, 1, sequence.Steps, pass.Tape, deltas, gradients, item);
        }
    }

    public override string ToString() => Name;
}
