using System;
using System.Globalization;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>
/// Trains a generated model with backpropagation through time: each <c>TrainBatch</c> runs the forward pass, the loss
/// and the backward pass for every sequence of a batch, sums the gradients into <see cref="IRecurrentModel{TSelf}.Gradients"/>,
/// optionally clips them, and lets the optimizer update the parameters.
/// </summary>
/// <remarks>
/// <para>Inputs are batch-major: [batch, time, InputSize] floats, or [batch, time] tokens for a model whose first layer is
/// an Embedding. Targets are [batch, time, OutputSize] floats for <see cref="Loss.MeanSquaredError"/> and [batch, time]
/// class indices for <see cref="Loss.CrossEntropy"/> (one step per sequence with <see cref="TrainerOptions.LastStepOnly"/>).</para>
/// <para>The batch is split into at most 16 groups of consecutive rows that run forward and backward in parallel on
/// persistent worker threads, each row recording its activations and deltas. The weight gradients are then summed
/// over the whole batch, one block of units per work item, straight into <see cref="IRecurrentModel{TSelf}.Gradients"/>:
/// no per-thread gradient buffers, and every sum adds its terms in one fixed order, so the result is bit-for-bit the
/// same for any <see cref="TrainerOptions.MaxDegreeOfParallelism"/>. After the first call (and as long as the batch and
/// its sequences do not grow), a training step allocates nothing. Dispose the trainer to stop its threads.</para>
/// <para>A NaN or infinite loss or gradient throws <see cref="TrainingDivergedException"/> before the update, and an
/// update that would make a parameter or the optimizer's state NaN or infinite is undone and throws it too: whenever
/// <c>TrainBatch</c> throws, the parameters, the optimizer's state and step count and the carried state are as they
/// were; whenever it returns, every parameter is finite.</para>
/// <para>One thread drives a trainer. From other threads, <c>Save</c>, <c>ExportSafetensors</c> and
/// <see cref="SaveCheckpoint(string)"/> may run during <c>TrainBatch</c>: they see the state after one whole update
/// (README, "Thread safety").</para>
/// </remarks>
/// <typeparam name="TModel">The generated model type.</typeparam>
public sealed unsafe partial class Trainer<TModel> : IDisposable
    where TModel : class, IRecurrentModel<TModel>
{
    private readonly ModelDescriptor _descriptor;
    private readonly BatchPass<TModel> _pass;
    private readonly WorkerPool _pool;
    private readonly CarriedState? _carried;
    private readonly CheckedUpdate _update = new();
    private bool _disposed;

    /// <summary>Creates a trainer that updates <paramref name="model"/>'s parameters in place.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The loss does not fit the model, or the model's storage does not match its descriptor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Trainer(TModel model, Optimizer optimizer, Loss loss, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new TrainerOptions();
        _descriptor = TModel.Descriptor;
        CheckModel(model, loss);
        CheckOptions(options);
        Model = model;
        Optimizer = optimizer;
        Loss = loss;
        Options = options;
        int maxThreads = Math.Min(options.MaxDegreeOfParallelism, BatchPass<TModel>.MaxGroups);
        _pool = new WorkerPool(maxThreads);
        _pass = new BatchPass<TModel>(model, loss, options.MaxSequenceLength, options.LastStepOnly, maxThreads);
        _carried = options.CarryState ? new CarriedState(_descriptor.StateLength) : null;
    }

    /// <summary>The model being trained.</summary>
    public TModel Model { get; }

    /// <summary>The optimizer that updates the parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The loss being minimized.</summary>
    public Loss Loss { get; }

    /// <summary>The options the trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// The 2-norm of the last training step's gradients, before clipping: a way to watch for exploding or vanishing gradients.
    /// </summary>
    public float LastGradientNorm { get; private set; }

    /// <summary>Trains on float inputs and float targets (<see cref="Loss.MeanSquaredError"/>); returns the batch's mean loss before the update.</summary>
    /// <param name="inputs">[batchSize, sequenceLength, InputSize], batch-major.</param>
    /// <param name="targets">[batchSize, sequenceLength, OutputSize], or [batchSize, OutputSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options; the message names expected and actual.</exception>
    /// <exception cref="TrainingDivergedException">The loss, a gradient or the update is NaN or infinite; nothing was changed.</exception>
    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batchSize, int sequenceLength)
        => Run(inputs, targets, batchSize, sequenceLength, train: true);

    /// <summary>Trains on float inputs and class indices (<see cref="Loss.CrossEntropy"/>); returns the batch's mean loss before the update.</summary>
    /// <param name="inputs">[batchSize, sequenceLength, InputSize], batch-major.</param>
    /// <param name="classes">[batchSize, sequenceLength] indices in [0, OutputSize), or [batchSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options; the message names expected and actual.</exception>
    /// <exception cref="TrainingDivergedException">The loss, a gradient or the update is NaN or infinite; nothing was changed.</exception>
    public float TrainBatch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> classes, int batchSize, int sequenceLength)
        => Run(inputs, classes, batchSize, sequenceLength, train: true);

    /// <summary>Trains a token model on float targets (<see cref="Loss.MeanSquaredError"/>); returns the batch's mean loss before the update.</summary>
    /// <param name="tokens">[batchSize, sequenceLength] tokens in [0, VocabularySize).</param>
    /// <param name="targets">[batchSize, sequenceLength, OutputSize], or [batchSize, OutputSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options; the message names expected and actual.</exception>
    /// <exception cref="TrainingDivergedException">The loss, a gradient or the update is NaN or infinite; nothing was changed.</exception>
    public float TrainBatch(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, int batchSize, int sequenceLength)
        => Run(tokens, targets, batchSize, sequenceLength, train: true);

    /// <summary>Trains a token model on class indices (<see cref="Loss.CrossEntropy"/>, e.g. next-token prediction); returns the batch's mean loss before the update.</summary>
    /// <param name="tokens">[batchSize, sequenceLength] tokens in [0, VocabularySize).</param>
    /// <param name="classes">[batchSize, sequenceLength] indices in [0, OutputSize), or [batchSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options; the message names expected and actual.</exception>
    /// <exception cref="TrainingDivergedException">The loss, a gradient or the update is NaN or infinite; nothing was changed.</exception>
    public float TrainBatch(ReadOnlySpan<int> tokens, ReadOnlySpan<int> classes, int batchSize, int sequenceLength)
        => Run(tokens, classes, batchSize, sequenceLength, train: true);

    /// <summary>
    /// The mean loss of a batch, as <see cref="TrainBatch(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/> computes it,
    /// without updating anything. Every sequence starts from a zero state, and the carried state is left alone. May be NaN.
    /// </summary>
    /// <param name="inputs">[batchSize, sequenceLength, InputSize], batch-major.</param>
    /// <param name="targets">[batchSize, sequenceLength, OutputSize], or [batchSize, OutputSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options.</exception>
    public float Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batchSize, int sequenceLength)
        => Run(inputs, targets, batchSize, sequenceLength, train: false);

    /// <summary>The mean cross-entropy of a batch without updating anything; see <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/>.</summary>
    /// <param name="inputs">[batchSize, sequenceLength, InputSize], batch-major.</param>
    /// <param name="classes">[batchSize, sequenceLength] indices in [0, OutputSize), or [batchSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options.</exception>
    public float Evaluate(ReadOnlySpan<float> inputs, ReadOnlySpan<int> classes, int batchSize, int sequenceLength)
        => Run(inputs, classes, batchSize, sequenceLength, train: false);

    /// <summary>The mean loss of a token batch on float targets without updating anything; see <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/>.</summary>
    /// <param name="tokens">[batchSize, sequenceLength] tokens in [0, VocabularySize).</param>
    /// <param name="targets">[batchSize, sequenceLength, OutputSize], or [batchSize, OutputSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options.</exception>
    public float Evaluate(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, int batchSize, int sequenceLength)
        => Run(tokens, targets, batchSize, sequenceLength, train: false);

    /// <summary>The mean cross-entropy of a token batch without updating anything; see <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/>.</summary>
    /// <param name="tokens">[batchSize, sequenceLength] tokens in [0, VocabularySize).</param>
    /// <param name="classes">[batchSize, sequenceLength] indices in [0, OutputSize), or [batchSize] with <see cref="TrainerOptions.LastStepOnly"/>.</param>
    /// <param name="batchSize">Sequences in the batch.</param>
    /// <param name="sequenceLength">Steps per sequence, at most <see cref="TrainerOptions.MaxSequenceLength"/>.</param>
    /// <exception cref="ArgumentException">A size or value does not fit the model, the loss or the options.</exception>
    public float Evaluate(ReadOnlySpan<int> tokens, ReadOnlySpan<int> classes, int batchSize, int sequenceLength)
        => Run(tokens, classes, batchSize, sequenceLength, train: false);

    /// <summary>With <see cref="TrainerOptions.CarryState"/>: every row starts the next batch from a zero state, and the batch size may change.</summary>
    public void ResetState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _carried?.Reset();
    }

    /// <summary>Stops the worker threads. The model, its parameters and the optimizer stay usable.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _pool.Dispose();
        }
    }

    private float Run(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batchSize, int sequenceLength, bool train)
    {
        CheckBatch(inputs.Length, tokenInput: false, targets.Length, classTargets: false, batchSize, sequenceLength);
        fixed (float* inputPointer = inputs)
        fixed (float* targetPointer = targets)
        {
            return Run(inputPointer, null, targetPointer, null, batchSize, sequenceLength, train);
        }
    }

    private float Run(ReadOnlySpan<float> inputs, ReadOnlySpan<int> classes, int batchSize, int sequenceLength, bool train)
    {
        CheckBatch(inputs.Length, tokenInput: false, classes.Length, classTargets: true, batchSize, sequenceLength);
        CheckClasses(classes, sequenceLength);
        fixed (float* inputPointer = inputs)
        fixed (int* classPointer = classes)
        {
            return Run(inputPointer, null, null, classPointer, batchSize, sequenceLength, train);
        }
    }

    private float Run(ReadOnlySpan<int> tokens, ReadOnlySpan<float> targets, int batchSize, int sequenceLength, bool train)
    {
        CheckBatch(tokens.Length, tokenInput: true, targets.Length, classTargets: false, batchSize, sequenceLength);
        CheckTokens(tokens, sequenceLength);
        fixed (int* tokenPointer = tokens)
        fixed (float* targetPointer = targets)
        {
            return Run(null, tokenPointer, targetPointer, null, batchSize, sequenceLength, train);
        }
    }

    private float Run(ReadOnlySpan<int> tokens, ReadOnlySpan<int> classes, int batchSize, int sequenceLength, bool train)
    {
        CheckBatch(tokens.Length, tokenInput: true, classes.Length, classTargets: true, batchSize, sequenceLength);
        CheckTokens(tokens, sequenceLength);
        CheckClasses(classes, sequenceLength);
        fixed (int* tokenPointer = tokens)
        fixed (int* classPointer = classes)
        {
            return Run(null, tokenPointer, null, classPointer, batchSize, sequenceLength, train);
        }
    }

    /// <summary>One pass over checked, pinned data; for training, then the checks, clipping and the update.</summary>
    private float Run(float* inputs, int* tokens, float* targets, int* classes, int batchSize, int steps, bool train)
    {
        CarriedState? carried = train ? _carried : null;
        carried?.Begin(batchSize);
        CheckTapeFits(batchSize, steps, train);
        long scored = (long)batchSize * TargetSteps(steps) * (Loss.TakesClasses ? 1 : _descriptor.OutputSize);
        int threads = _pool.ThreadsFor(BatchPass<TModel>.GroupsFor(batchSize));
        _pass.Prepare(inputs, tokens, targets, classes, batchSize, steps, (float)(1.0 / scored), train, carried, threads);
        try
        {
            _pool.Run(_pass, _pass.GroupCount);
            double loss = _pass.SumLoss() / scored;
            if (train)
            {
                Update(loss, carried);
            }

            return (float)loss;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The second phase (the batch's weight gradients), the checks, clipping and the update.</summary>
    private void Update(double loss, CarriedState? carried)
    {
        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(
                $"The batch's mean loss is {Describe(loss)}; the parameters, the optimizer state and the carried state were left unchanged. " +
                "Check the inputs and targets for NaN or infinity, or lower the learning rate.");
        }

        // the weight gradients of the whole batch from every row's tape and deltas, while the inputs are still pinned
        Span<float> gradients = Model.Gradients;
        gradients.Clear();
        _pool.Run(_pass.WeightGradients, TModel.GradientWorkItems);
        double norm = Math.Sqrt(GradientClipping.SumOfSquares(gradients));
        if (!double.IsFinite(norm))
        {
            throw new TrainingDivergedException(
                $"{DescribeNonFiniteGradient(gradients)}; the parameters, the optimizer state and the carried state were left unchanged. " +
                "Lower the learning rate, clip the gradients (TrainerOptions.ClipGradientNorm) or scale the inputs.");
        }

        LastGradientNorm = (float)norm;
        if (Options.ClipGradientNorm is float maxNorm)
        {
            GradientClipping.ScaleToNorm(gradients, norm, maxNorm);
        }

        string? broken;
        _update.Keep(Optimizer, Model.Parameters); // outside the process-wide lock: only this thread writes what it copies
        lock (ParameterUpdateLock.Instance)
        {
            broken = _update.StepOrUndo(Optimizer, Model.Parameters, gradients);
            if (broken is null)
            {
                carried?.Commit();
            }
        }

        if (broken is not null)
        {
            throw new TrainingDivergedException(
                $"The update made a {broken} NaN or infinite (learning rate {Optimizer.LearningRate.ToString(CultureInfo.InvariantCulture)}); it was undone: the parameters, " +
                "the optimizer's state and step count and the carried state are as before the batch. Lower the learning rate or clip the gradients (TrainerOptions.ClipGradientNorm).");
        }
    }

    /// <summary>Names the first non-finite gradient by its PyTorch tensor name and index (only on the failure path).</summary>
    private string DescribeNonFiniteGradient(ReadOnlySpan<float> gradients)
    {
        foreach (TensorDescriptor tensor in _descriptor.Tensors)
        {
            float[] values = new float[tensor.ElementCount];
            tensor.Gather(gradients, values);
            int index = Array.FindIndex(values, value => !float.IsFinite(value));
            if (index >= 0)
            {
                return $"The gradient of {tensor.Name} {tensor.ShapeText} at element {index} is {Describe(values[index])}";
            }
        }

        return "The gradient is not finite";
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value.ToString(CultureInfo.InvariantCulture);
}
