namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// One training step on a whole batch: forward, MSE loss, backpropagation through time, one Adam update. The
/// benchmarks call it through this interface; one interface call per batch is nothing next to the batch's work
/// (tens of microseconds at least), unlike the per-step inference suites, which avoid virtual calls.
/// </summary>
public interface IBatchTrainer
{
    /// <summary>Trains on <paramref name="batch"/> and returns its mean loss before the update.</summary>
    float TrainBatch(TrainingBatch batch);
}
