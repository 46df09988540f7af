using System;
using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>
/// An optimizer as a checkpoint saves it: what it is, how it is set, and its state. Each optimizer says this of itself
/// (<c>RnnCodegen.Optimizer</c> implements it), so checkpoints know no optimizer type and a new optimizer needs no
/// change here.
/// </summary>
internal interface ICheckpointOptimizer
{
    /// <summary>The kind as a checkpoint names it (e.g. <c>Adam</c>); a checkpoint resumes only into the same kind.</summary>
    string Kind { get; }

    /// <summary>Steps taken so far; the optimizer has state exactly when this is above 0.</summary>
    long StepCount { get; }

    /// <summary>The names of the state buffers, as PyTorch's optimizer state dict calls them (e.g. <c>exp_avg</c>).</summary>
    IReadOnlyList<string> StateNames { get; }

    /// <summary>Floats per state buffer: the storage length of the model it steps, or 0 before the first step.</summary>
    int StateLength { get; }

    /// <summary>
    /// Every setting of the update rule in a fixed order, named as the keys of PyTorch's <c>param_groups</c>: the
    /// learning rate first, as <see cref="CheckpointFormat.LearningRate"/>. Flags are 0 or 1, so every value is one float.
    /// </summary>
    KeyValuePair<string, float>[] Hyperparameters();

    /// <summary>State buffer <paramref name="index"/> (in <see cref="StateNames"/> order), in the model's storage layout.</summary>
    ReadOnlySpan<float> StateBuffer(int index);
}
