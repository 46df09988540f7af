using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Models;

/// <summary>A generated model with its <see cref="Trainer{TModel}"/> (Adam, MSE), seen without its type.</summary>
public interface IGeneratedTraining : IBatchTrainer, IDisposable
{
    /// <summary>The model's layers and tensors.</summary>
    ModelDescriptor Descriptor { get; }

    /// <summary>The model's parameter storage.</summary>
    ReadOnlySpan<float> Parameters { get; }

    /// <summary>The gradients of the last <see cref="IBatchTrainer.TrainBatch"/>, in the storage layout.</summary>
    ReadOnlySpan<float> Gradients { get; }

    /// <summary>The batch's mean loss without updating anything: the forward pass (recording its tape, as training does) and the loss.</summary>
    float Evaluate(TrainingBatch batch);

    /// <summary>One Adam update from the current gradients, alone: the optimizer's share of a training step.</summary>
    void StepOptimizer();

    /// <summary>The same model's batch-1 inference: one <c>Step</c> for every row and step of <paramref name="batch"/>, row after row from a zero state.</summary>
    void InferenceSteps(TrainingBatch batch);

    /// <summary>Records <paramref name="batch"/>'s tapes and deltas (forward and backward, one row at a time) for <see cref="SumWeightGradients"/>.</summary>
    void RecordBatch(TrainingBatch batch);

    /// <summary>The trainer's second phase alone: every part of the weight gradients of the recorded batch, on this thread.</summary>
    void SumWeightGradients();
}
