using System;
using System.ComponentModel;
using RnnCodegen.Layout;

namespace RnnCodegen;

/// <summary>
/// What every generated model is to the runtime: its layout, its parameters and its gradients.
/// Generic code (trainer, serialization) reaches models through static abstract members, without
/// reflection, so it stays NativeAOT and trimming safe.
/// </summary>
/// <remarks>
/// The training entry points (<see cref="TapeLengthPerStep"/>, <see cref="DeltaLengthPerStep"/>, <see cref="GradientWorkItems"/>,
/// <see cref="ForwardTraining"/>, <see cref="ForwardTrainingRows"/>, <see cref="Backward"/>, <see cref="BackwardRows"/>, <see cref="WeightGradients"/>) are for <see cref="Trainer{TModel}"/> alone,
/// so IntelliSense hides them.
/// </remarks>
/// <typeparam name="TSelf">The generated model type.</typeparam>
public interface IRecurrentModel<TSelf>
    where TSelf : class, IRecurrentModel<TSelf>
{
    /// <summary>The model's layers, tensors and storage layout.</summary>
    static abstract ModelDescriptor Descriptor { get; }

    /// <summary>A new model whose parameters are initialized from <paramref name="seed"/>.</summary>
    static abstract TSelf Create(int seed);

    /// <summary>Floats of training tape per time step (activations kept for the backward pass and the weight gradients).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int TapeLengthPerStep { get; }

    /// <summary>Floats of deltas per time step (what <see cref="Backward"/> records for <see cref="WeightGradients"/>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int DeltaLengthPerStep { get; }

    /// <summary>Independent parts of <see cref="WeightGradients"/>: each writes its own parameters' gradients, on any thread.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int GradientWorkItems { get; }

    /// <summary>
    /// Forward pass over one sequence of <paramref name="steps"/> steps, starting from <paramref name="state"/> (updated in place
    /// to the final state; <see cref="ModelDescriptor.StateLength"/> floats), recording what <see cref="Backward"/> and
    /// <see cref="WeightGradients"/> need in <paramref name="tape"/> ((<paramref name="steps"/> + 1) · <see cref="TapeLengthPerStep"/>
    /// floats: step 0 holds the starting state). Writes per-step outputs (<paramref name="steps"/> · OutputSize): the activated
    /// outputs, or when <paramref name="logits"/> is true the pre-activation values of the last Dense layer. Float models read
    /// <paramref name="inputs"/> (<paramref name="steps"/> · InputSize) and ignore <paramref name="tokens"/>; token models read
    /// <paramref name="tokens"/> (<paramref name="steps"/>) and ignore <paramref name="inputs"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void ForwardTraining(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int steps, Span<float> state, Span<float> tape, Span<float> outputs, bool logits);

    /// <summary>
    /// <see cref="ForwardTraining"/> for <paramref name="rows"/> sequences, every buffer row after row: <paramref name="inputs"/>
    /// or <paramref name="tokens"/>, <paramref name="states"/> (<see cref="ModelDescriptor.StateLength"/> per row), <paramref name="tape"/>
    /// ((<paramref name="steps"/> + 1) · <see cref="TapeLengthPerStep"/> per row) and <paramref name="outputs"/>. Generated models advance
    /// tiles of rows in lock-step, each weight loaded once per step for the whole tile; this default runs the rows one by one.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static virtual void ForwardTrainingRows(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, Span<float> states, Span<float> tape, Span<float> outputs, bool logits)
    {
        ModelDescriptor descriptor = TSelf.Descriptor;
        int inputLength = steps * (descriptor.TokenInput ? 0 : descriptor.InputSize);
        int tokenLength = descriptor.TokenInput ? steps : 0;
        int tapeLength = (steps + 1) * TSelf.TapeLengthPerStep;
        int outputLength = steps * descriptor.OutputSize;
        for (int row = 0; row < rows; row++)
        {
            TSelf.ForwardTraining(
                parameters,
                inputs.Slice(row * inputLength, inputLength),
                tokens.Slice(row * tokenLength, tokenLength),
                steps,
                states.Slice(row * descriptor.StateLength, descriptor.StateLength),
                tape.Slice(row * tapeLength, tapeLength),
                outputs.Slice(row * outputLength, outputLength),
                logits);
        }
    }

    /// <summary>
    /// Backpropagation through time over the sequence recorded in <paramref name="tape"/>: given dLoss/d(outputs) per step
    /// (with respect to what <see cref="ForwardTraining"/> wrote, so pre-activation values when <paramref name="logits"/> is true),
    /// records every step's deltas in <paramref name="deltas"/> (<paramref name="steps"/> · <see cref="DeltaLengthPerStep"/> floats).
    /// The parameter gradients wait for the whole batch: <see cref="WeightGradients"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void Backward(ReadOnlySpan<float> parameters, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas);

    /// <summary>
    /// <see cref="Backward"/> for <paramref name="rows"/> sequences recorded row after row (<paramref name="tape"/>, and
    /// <paramref name="outputGradients"/> and <paramref name="deltas"/> as for one row, row after row). Generated models serve
    /// tiles of rows in lock-step, each weight loaded once per step for the tile; this default runs the rows one by one.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static virtual void BackwardRows(ReadOnlySpan<float> parameters, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas)
    {
        int tapeLength = (steps + 1) * TSelf.TapeLengthPerStep;
        int outputLength = steps * TSelf.Descriptor.OutputSize;
        int deltaLength = steps * TSelf.DeltaLengthPerStep;
        for (int row = 0; row < rows; row++)
        {
            TSelf.Backward(
                parameters,
                steps,
                tape.Slice(row * tapeLength, tapeLength),
                outputGradients.Slice(row * outputLength, outputLength),
                logits,
                deltas.Slice(row * deltaLength, deltaLength));
        }
    }

    /// <summary>
    /// ADDS part <paramref name="item"/> (of <see cref="GradientWorkItems"/>) of the parameter gradients of a batch of
    /// <paramref name="rows"/> sequences of <paramref name="steps"/> steps into <paramref name="gradients"/>
    /// (<see cref="ModelDescriptor.StorageLength"/> floats): sums over every row and step of what the rows' tapes and deltas
    /// recorded, row after row (<paramref name="tape"/>: (<paramref name="steps"/> + 1) · <see cref="TapeLengthPerStep"/> floats per row,
    /// <paramref name="deltas"/>: <paramref name="steps"/> · <see cref="DeltaLengthPerStep"/> per row; <paramref name="inputs"/> or
    /// <paramref name="tokens"/> as for <see cref="ForwardTraining"/>, row after row). Parts write disjoint gradients, and each
    /// sum adds its terms in one fixed order, so the result does not depend on which thread ran which part.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void WeightGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> deltas, Span<float> gradients, int item);

    /// <summary>The flat parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats, layout of <see cref="LayerDescriptor"/>).</summary>
    Span<float> Parameters { get; }

    /// <summary>Gradients in the same layout as <see cref="Parameters"/>.</summary>
    Span<float> Gradients { get; }
}
