using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>A generated model, created from <see cref="ModelCatalog.Seed"/>, trained by <see cref="Trainer{TModel}"/> with Adam and MSE.</summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
public sealed class GeneratedTraining<TModel> : IGeneratedTraining
    where TModel : class, IRecurrentModel<TModel>
{
    private readonly TModel _model;
    private readonly Adam _optimizer = new(TrainingSettings.LearningRate);
    private readonly Trainer<TModel> _trainer;

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
    public void Dispose() => _trainer.Dispose();
}
