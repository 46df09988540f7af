using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>A generated model, created from <see cref="ModelCatalog.Seed"/>, trained by <see cref="Trainer{TModel}"/> with Adam and MSE.</summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
public sealed class GeneratedTraining<TModel> : IGeneratedTraining
    where TModel : class, IRecurrentModel<TModel>, IStepModel
{
    private readonly TModel _model;
    private readonly Adam _optimizer = new(TrainingSettings.LearningRate);
    private readonly Trainer<TModel> _trainer;
    private TrainingBatch? _recorded;
    private float[] _tape = [];
    private float[] _deltas = [];

    /// <summary>Creates the model and a trainer that uses at most <paramref name="maxThreads"/> threads.</summary>
    public GeneratedTraining(int maxThreads)
    {
        _model = TModel.Create(ModelCatalog.Seed);
        _trainer = new Trainer<TModel>(_model, _optimizer, Loss.MeanSquaredError, new TrainerOptions
        {
            MaxSequenceLength = TrainingSettings.Steps,
            MaxDegreeOfParallelism = maxThreads,
        });
    }

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => TModel.Descriptor;

    /// <inheritdoc/>
    public ReadOnlySpan<float> Parameters => _model.Parameters;

    /// <inheritdoc/>
    public ReadOnlySpan<float> Gradients => _model.Gradients;

    /// <inheritdoc/>
    public float TrainBatch(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _trainer.TrainBatch(batch.Inputs, batch.Targets, batch.BatchSize, batch.Steps);
    }

    /// <inheritdoc/>
    public float Evaluate(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _trainer.Evaluate(batch.Inputs, batch.Targets, batch.BatchSize, batch.Steps);
    }

    /// <inheritdoc/>
    public void StepOptimizer() => _optimizer.Step(_model.Parameters, _model.Gradients);

    /// <inheritdoc/>
    public void InferenceSteps(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int inputSize = TModel.Descriptor.InputSize;
        Span<float> output = stackalloc float[TModel.Descriptor.OutputSize];
        for (int row = 0; row < batch.BatchSize; row++)
        {
            _model.Reset();
            for (int t = 0; t < batch.Steps; t++)
            {
                _model.Step(batch.Inputs.AsSpan(((row * batch.Steps) + t) * inputSize, inputSize), output);
            }
        }
    }

    /// <inheritdoc/>
    public void RecordBatch(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int steps = batch.Steps;
        int inputs = steps * TModel.Descriptor.InputSize;
        int outputs = steps * TModel.Descriptor.OutputSize;
        int tape = (steps + 1) * TModel.TapeLengthPerStep;
        int deltas = steps * TModel.DeltaLengthPerStep;
        _recorded = batch;
        _tape = new float[batch.BatchSize * tape];
        _deltas = new float[batch.BatchSize * deltas];
        float[] state = new float[TModel.Descriptor.StateLength];
        float[] predicted = new float[outputs];
        for (int row = 0; row < batch.BatchSize; row++)
        {
            Array.Clear(state);
            TModel.ForwardTraining(_model.Parameters, batch.Inputs.AsSpan(row * inputs, inputs), default, steps, state, _tape.AsSpan(row * tape, tape), predicted, logits: false);
            for (int i = 0; i < outputs; i++)
            {
                predicted[i] -= batch.Targets[(row * outputs) + i];   // the MSE gradient, up to its scale
            }

            TModel.Backward(_model.Parameters, steps, _tape.AsSpan(row * tape, tape), predicted, logits: false, _deltas.AsSpan(row * deltas, deltas));
        }
    }

    /// <inheritdoc/>
    public void SumWeightGradients()
    {
        TrainingBatch batch = _recorded ?? throw new InvalidOperationException("Call RecordBatch first.");
        for (int item = 0; item < TModel.GradientWorkItems; item++)
        {
            TModel.WeightGradients(batch.Inputs, default, batch.BatchSize, batch.Steps, _tape, _deltas, _model.Gradients, item);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _trainer.Dispose();
}
