using System;
using System.Numerics;

namespace RnnCodegen.Training;

/// <summary>
/// One pass over a batch: forward, loss and (when training) backward for every sequence, split into a fixed number
/// of groups of consecutive rows. Each group sums its rows' gradients into its own buffer, and the groups are summed
/// in group order, so the result is the same whichever threads ran which groups.
/// </summary>
/// <remarks>
/// The caller's spans are pinned for the duration of the pass and reach the worker threads as pointers, because a
/// span cannot be stored where another thread can see it.
/// </remarks>
internal sealed unsafe class BatchPass<TModel> : IParallelWork
    where TModel : class, IRecurrentModel<TModel>
{
    /// <summary>
    /// Most groups a batch is split into: bounds the useful threads and the gradient buffers. A constant, never the
    /// thread count, so that results do not depend on the machine.
    /// </summary>
    public const int MaxGroups = 16;

    private readonly TModel _model;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly int _stateLength;
    private readonly int _tapeLengthPerStep;
    private readonly int _maxSteps;
    private readonly bool _tokenInput;
    private readonly bool _lastStepOnly;
    private readonly Loss _loss;
    private readonly float[] _zeroState;
    private readonly double[] _groupLoss = new double[MaxGroups];
    private readonly Scratch?[] _scratch;
    private float[][] _groupGradients = [];

    private float* _inputs;
    private int* _tokens;
    private float* _targets;
    private int* _classes;
    private int _batchSize;
    private int _steps;
    private float _scale;
    private bool _train;
    private CarriedState? _carried;

    public BatchPass(TModel model, Loss loss, int maxSteps, bool lastStepOnly, int maxThreads)
    {
        var descriptor = TModel.Descriptor;
        _model = model;
        _loss = loss;
        _inputSize = descriptor.InputSize;
        _outputSize = descriptor.OutputSize;
        _stateLength = descriptor.StateLength;
        _tapeLengthPerStep = TModel.TapeLengthPerStep;
        _tokenInput = descriptor.TokenInput;
        _maxSteps = maxSteps;
        _lastStepOnly = lastStepOnly;
        _zeroState = new float[_stateLength];
        _scratch = new Scratch?[maxThreads];
    }

    /// <summary>Groups the current batch is split into.</summary>
    public int GroupCount => Math.Min(_batchSize, MaxGroups);

    /// <summary>
    /// Sets up a pass over pinned, already checked data (the pointers must stay valid until the pass has run).
    /// Exactly one of <paramref name="inputs"/>/<paramref name="tokens"/> and one of <paramref name="targets"/>/<paramref name="classes"/> is used.
    /// <paramref name="carried"/> is null for passes that start from zero states. Allocates only the first time a
    /// batch needs more groups or threads than before.
    /// </summary>
    public void Prepare(float* inputs, int* tokens, float* targets, int* classes, int batchSize, int steps, float scale, bool train, CarriedState? carried, int threads)
    {
        _inputs = inputs;
        _tokens = tokens;
        _targets = targets;
        _classes = classes;
        _batchSize = batchSize;
        _steps = steps;
        _scale = scale;
        _train = train;
        _carried = carried;
        for (int worker = 0; worker < threads; worker++)
        {
            _scratch[worker] ??= new Scratch(_maxSteps, _tapeLengthPerStep, _outputSize, _stateLength);
        }

        if (train && _groupGradients.Length < GroupCount)
        {
            int existing = _groupGradients.Length;
            Array.Resize(ref _groupGradients, GroupCount);
            for (int group = existing; group < GroupCount; group++)
            {
                _groupGradients[group] = new float[_model.Parameters.Length];
            }
        }
    }

    /// <summary>Forgets the caller's data once the pass has run.</summary>
    public void Release()
    {
        _inputs = null;
        _tokens = null;
        _targets = null;
        _classes = null;
        _carried = null;
    }

    /// <summary>Runs the rows of group <paramref name="item"/>.</summary>
    public void Execute(int item, int worker)
    {
        Scratch scratch = _scratch[worker]!;
        Span<float> gradients = _train ? _groupGradients[item] : default;
        gradients.Clear();
        double loss = 0;
        int end = RowStart(item + 1);
        for (int row = RowStart(item); row < end; row++)
        {
            loss += RunRow(row, scratch, gradients);
        }

        _groupLoss[item] = loss;
    }

    /// <summary>The summed (not yet averaged) loss of the pass, added up in group order.</summary>
    public double SumLoss()
    {
        double sum = 0;
        for (int group = 0; group < GroupCount; group++)
        {
            sum += _groupLoss[group];
        }

        return sum;
    }

    /// <summary>Writes the batch's gradients, the group buffers added up in group order, into <paramref name="total"/>.</summary>
    public void SumGradients(Span<float> total)
    {
        _groupGradients[0].CopyTo(total);
        for (int group = 1; group < GroupCount; group++)
        {
            ReadOnlySpan<float> part = _groupGradients[group];
            int i = 0;

            // Element-wise, so every element still sums its groups in group order.
            for (; i <= total.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(total[i..]) + new Vector<float>(part[i..])).CopyTo(total[i..]);
            }

            for (; i < total.Length; i++)
            {
                total[i] += part[i];
            }
        }
    }

    private int RowStart(int group) => (int)((long)group * _batchSize / GroupCount);

    private double RunRow(int row, Scratch scratch, Span<float> gradients)
    {
        int steps = _steps;
        int outputLength = steps * _outputSize;
        ReadOnlySpan<float> parameters = _model.Parameters;
        ReadOnlySpan<float> inputs = _tokenInput ? default : new ReadOnlySpan<float>(_inputs + ((long)row * steps * _inputSize), steps * _inputSize);
        ReadOnlySpan<int> tokens = _tokenInput ? new ReadOnlySpan<int>(_tokens + ((long)row * steps), steps) : default;
        Span<float> state;
        ReadOnlySpan<float> initialState;
        if (_carried is not null)
        {
            initialState = _carried.Start(row);
            state = _carried.End(row);
            initialState.CopyTo(state);
        }
        else
        {
            initialState = _zeroState;
            state = scratch.State;
            state.Clear();
        }

        Span<float> tape = scratch.Tape.AsSpan(0, steps * _tapeLengthPerStep);
        Span<float> outputs = scratch.Outputs.AsSpan(0, outputLength);
        Span<float> outputGradients = scratch.OutputGradients.AsSpan(0, outputLength);
        TModel.ForwardTraining(parameters, inputs, tokens, steps, state, tape, outputs, _loss.OnLogits);

        int targetSteps = _lastStepOnly ? 1 : steps;
        int scored = outputLength - (targetSteps * _outputSize);
        outputGradients[..scored].Clear();
        double loss = _loss.TakesClasses
            ? CrossEntropyLoss.Accumulate(outputs[scored..], new ReadOnlySpan<int>(_classes + ((long)row * targetSteps), targetSteps), _scale, outputGradients[scored..])
            : MeanSquaredErrorLoss.Accumulate(outputs[scored..], new ReadOnlySpan<float>(_targets + ((long)row * targetSteps * _outputSize), targetSteps * _outputSize), _scale, outputGradients[scored..]);

        if (_train)
        {
            TModel.Backward(parameters, inputs, tokens, steps, initialState, tape, outputGradients, _loss.OnLogits, gradients);
        }

        return loss;
    }

    /// <summary>One thread's activation tape and per-sequence buffers, sized for the longest sequence.</summary>
    private sealed class Scratch(int maxSteps, int tapeLengthPerStep, int outputSize, int stateLength)
    {
        public float[] Tape { get; } = new float[maxSteps * tapeLengthPerStep];

        public float[] Outputs { get; } = new float[maxSteps * outputSize];

        public float[] OutputGradients { get; } = new float[maxSteps * outputSize];

        public float[] State { get; } = new float[stateLength];
    }
}
