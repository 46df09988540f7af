namespace RnnCodegen.Serialization;

/// <summary>A checkpoint that passed every check against the trainer loading it, as <see cref="CheckpointReader"/> decoded it.</summary>
/// <param name="Parameters">Every parameter in canonical (PyTorch state-dict) order.</param>
/// <param name="StepCount">The optimizer's step count.</param>
/// <param name="OptimizerState">
/// The optimizer's state buffers in its <see cref="ICheckpointOptimizer.StateNames"/> order, each in canonical order;
/// null when the optimizer had taken no step and so had no state yet.
/// </param>
/// <param name="CarriedRows">Batch rows whose recurrent state is carried; 0 for none.</param>
/// <param name="CarriedStates">The carried rows' states, row after row, in the model's state layout.</param>
internal sealed record CheckpointContents(
    float[] Parameters,
    long StepCount,
    float[][]? OptimizerState,
    int CarriedRows,
    float[] CarriedStates);
