using System;

namespace RnnCodegen.Training;

/// <summary>
/// One pass over a batch, in two phases. First, forward, loss and (when training) backward for every sequence,
/// split into a fixed number of groups of whole 4-row tiles: each row records its activations and its deltas in
/// its own part of the batch's tape. Then (<see cref="WeightGradients"/>) the weight gradients of the whole batch, as
/// sums over every row and step, one block of units per work item. Every sum adds its terms in one order, so the
/// result is the same whichever threads ran which groups and items.
/// </summary>
/// <remarks>
/// The caller's spans are pinned for the duration of the pass and reach the worker threads as pointers, because a
/// span cannot be stored where another thread can see it.
/// </remarks>
internal sealed unsafe class BatchPass<TModel> : IParallelWork
    where TModel : class, IRecurrentModel<TModel>
{
    /// <summary>
    /// Most groups a batch is split into: bounds the useful threads. A constant, never the thread count, so that the
    /// loss (summed per group, then over groups) does not depend on the machine.
    /// </summary>
    public const int MaxGroups = 16;

    /// <summary>
    /// Rows whose forward passes run in lock-step (<see cref="IRecurrentModel{TSelf}.ForwardTrainingRows"/>): the generated
    /// models' tile. Groups hold whole tiles, so which rows share a tile depends on the batch size alone.
    /// </summary>
    public const int TileRows = 4;

    private readonly TModel _model;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private readonly int _stateLength;
    private readonly bool _tokenInput;
    private readonly bool _lastStepOnly;
    private readonly Loss _loss;
    private readonly double[] _groupLoss = new double[MaxGroups];
    private readonly Scratch?[] _scratch;
    private readonly int _maxSteps;
    private float[] _tape = [];
    private float[] _deltas = [];

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
        _tokenInput = descriptor.TokenInput;
        _maxSteps = maxSteps;
        _lastStepOnly = lastStepOnly;
        _scratch = new Scratch?[maxThreads];
        WeightGradients = new WeightGradientPhase(this);
    }

    /// <summary>
    /// The second phase of a training pass, run after the first: item k (of <see cref="IRecurrentModel{TSelf}.GradientWorkItems"/>)
    /// adds its part of the batch's weight gradients into the model's <see cref="IRecurrentModel{TSelf}.Gradients"/>, which
    /// the caller has cleared.
    /// </summary>
    public IParallelWork WeightGradients { get; }

    /// <summary>Groups the current batch is split into: whole tiles of <see cref="TileRows"/> rows (the last may be short).</summary>
    public int GroupCount => GroupsFor(_batchSize);

    private int Tiles => TilesOf(_batchSize);

    /// <summary>Groups a batch of <paramref name="batchSize"/> rows is split into.</summary>
    public static int GroupsFor(int batchSize) => Math.Min(TilesOf(batchSize), MaxGroups);

    private static int TilesOf(int batchSize) => (batchSize + TileRows - 1) / TileRows;

    /// <summary>
    /// Floats of tape (every row's activations, and a step 0 with its starting state) and of deltas a training
    /// batch of <paramref name="batchSize"/> rows of <paramref name="steps"/> steps keeps until its weight gradients are summed.
    /// </summary>
    public static (long Tape, long Deltas) TrainingFloats(int batchSize, int steps) =>
        ((long)batchSize * (steps + 1L) * TModel.TapeLengthPerStep, (long)batchSize * steps * TModel.DeltaLengthPerStep);

    /// <summary>Rows of tape an evaluation of <paramref name="batchSize"/> rows keeps: one tile per group.</summary>
    public static int EvaluationRows(int batchSize) => Math.Min(batchSize, MaxGroups * TileRows);

    /// <summary>
    /// Sets up a pass over pinned, already checked data (the pointers must stay valid until the pass has run).
    /// Exactly one of <paramref name="inputs"/>/<paramref name="tokens"/> and one of <paramref name="targets"/>/<paramref name="classes"/> is used.
    /// <paramref name="carried"/> is null for passes that start from zero states. Allocates only the first time a
    /// batch needs more rows, steps or threads than before.
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
            _scratch[worker] ??= new Scratch(_maxSteps, _outputSize, _stateLength);
        }

        // Training keeps every row's tape for the weight gradients; evaluation reuses one tile of tape per group.
        (long tape, long deltas) = TrainingFloats(train ? batchSize : EvaluationRows(batchSize), steps);
        Grow(ref _tape, tape);
        if (train)
        {
            Grow(ref _deltas, deltas);
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

    /// <summary>Runs the rows of group <paramref name="item"/>, a tile at a time.</summary>
    public void Execute(int item, int worker)
    {
        Scratch scratch = _scratch[worker]!;
        double loss = 0;
        int end = RowStart(item + 1);
        for (int first = RowStart(item); first < end; first += TileRows)
        {
            loss += RunTile(first, Math.Min(TileRows, end - first), _train ? first : item * TileRows, scratch);
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

    private static void Grow(ref float[] buffer, long length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }

    private int RowStart(int group) => Math.Min(_batchSize, (int)((long)group * Tiles / GroupCount) * TileRows);

    /// <summary>
    /// Rows <paramref name="first"/> … <paramref name="first"/> + <paramref name="rows"/> − 1: their forward passes in lock-step into
    /// tape rows from <paramref name="tapeRow"/>, then each row's loss and, when training, their deltas in lock-step.
    /// </summary>
    private double RunTile(int first, int rows, int tapeRow, Scratch scratch)
    {
        int steps = _steps;
        int outputLength = steps * _outputSize;
        ReadOnlySpan<float> parameters = _model.Parameters;
        ReadOnlySpan<float> inputs = _tokenInput ? default : new ReadOnlySpan<float>(_inputs + ((long)first * steps * _inputSize), rows * steps * _inputSize);
        ReadOnlySpan<int> tokens = _tokenInput ? new ReadOnlySpan<int>(_tokens + ((long)first * steps), rows * steps) : default;
        Span<float> states;
        if (_carried is not null)
        {
            states = _carried.End(first, rows);
            _carried.Start(first, rows).CopyTo(states);
        }
        else
        {
            states = scratch.States.AsSpan(0, rows * _stateLength);
            states.Clear();
        }

        int tapeLength = (steps + 1) * TModel.TapeLengthPerStep;
        Span<float> tape = _tape.AsSpan(tapeRow * tapeLength, rows * tapeLength);
        Span<float> outputs = scratch.Outputs.AsSpan(0, rows * outputLength);
        TModel.ForwardTrainingRows(parameters, inputs, tokens, rows, steps, states, tape, outputs, _loss.OnLogits);

        double loss = 0;
        Span<float> outputGradients = scratch.OutputGradients.AsSpan(0, rows * outputLength);
        int targetSteps = _lastStepOnly ? 1 : steps;
        int scored = outputLength - (targetSteps * _outputSize);
        for (int index = 0; index < rows; index++)
        {
            int row = first + index;
            Span<float> rowOutputs = outputs.Slice(index * outputLength, outputLength);
            Span<float> rowGradients = outputGradients.Slice(index * outputLength, outputLength);
            rowGradients[..scored].Clear();
            loss += _loss.TakesClasses
                ? CrossEntropyLoss.Accumulate(rowOutputs[scored..], new ReadOnlySpan<int>(_classes + ((long)row * targetSteps), targetSteps), _scale, rowGradients[scored..])
                : MeanSquaredErrorLoss.Accumulate(rowOutputs[scored..], new ReadOnlySpan<float>(_targets + ((long)row * targetSteps * _outputSize), targetSteps * _outputSize), _scale, rowGradients[scored..]);
        }

        if (_train)
        {
            int deltaLength = steps * TModel.DeltaLengthPerStep;
            TModel.BackwardRows(parameters, rows, steps, tape, outputGradients, _loss.OnLogits, _deltas.AsSpan(first * deltaLength, rows * deltaLength));
        }

        return loss;
    }

    private void AddWeightGradients(int item)
    {
        ReadOnlySpan<float> inputs = _tokenInput ? default : new ReadOnlySpan<float>(_inputs, _batchSize * _steps * _inputSize);
        ReadOnlySpan<int> tokens = _tokenInput ? new ReadOnlySpan<int>(_tokens, _batchSize * _steps) : default;
        TModel.WeightGradients(inputs, tokens, _batchSize, _steps, _tape, _deltas, _model.Gradients, item);
    }

    /// <summary>The weight-gradient phase as work of its own, so the pool can run it.</summary>
    private sealed class WeightGradientPhase(BatchPass<TModel> pass) : IParallelWork
    {
        public void Execute(int item, int worker) => pass.AddWeightGradients(item);
    }

    /// <summary>One thread's buffers for a tile of rows, sized for the longest sequence.</summary>
    private sealed class Scratch(int maxSteps, int outputSize, int stateLength)
    {
        public float[] Outputs { get; } = new float[TileRows * maxSteps * outputSize];

        public float[] OutputGradients { get; } = new float[TileRows * maxSteps * outputSize];

        public float[] States { get; } = new float[TileRows * stateLength];
    }
}
