using System;

namespace RnnCodegen;

/// <summary>How a <see cref="Trainer{TModel}"/> runs; every property has a usable default.</summary>
public sealed class TrainerOptions
{
    /// <summary>
    /// The longest sequence a batch may hold (default 256). The trainer sizes its activation tapes for it up front,
    /// so longer sequences are rejected rather than reallocated.
    /// </summary>
    public int MaxSequenceLength { get; init; } = 256;

    /// <summary>When set, the gradients are clipped to this total 2-norm before each update (<see cref="GradientClipping.ClipGradientNorm"/>). Off by default.</summary>
    public float? ClipGradientNorm { get; init; }

    /// <summary>
    /// When true, each batch row starts from the state the previous <c>TrainBatch</c> left for that row (truncated
    /// backpropagation through time over a long stream cut into consecutive pieces); the batch size must then stay the
    /// same until <see cref="Trainer{TModel}.ResetState"/>. When false (the default), every sequence starts from a zero state.
    /// </summary>
    public bool CarryState { get; init; }

    /// <summary>
    /// Many-to-one training: only the last step of each sequence has a target, so targets are [batch, OutputSize]
    /// floats or [batch] class indices, and the loss is the mean over those.
    /// </summary>
    public bool LastStepOnly { get; init; }

    /// <summary>
    /// Threads a batch may use, the calling thread included (default: <see cref="Environment.ProcessorCount"/>).
    /// The result does not depend on it: see <see cref="Trainer{TModel}"/>.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
