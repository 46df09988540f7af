using System;
using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>How a checkpoint names an optimizer and its hyperparameters (the keys of PyTorch's param_groups).</summary>
internal static class CheckpointOptimizer
{
    /// <summary>The one hyperparameter a resumed trainer may change: schedules change it between steps anyway.</summary>
    public const string LearningRate = "lr";

    /// <summary>The optimizer's kind as a checkpoint names it: <c>Sgd</c>, <c>Adam</c> or <c>AdamW</c>.</summary>
    public static string Kind(Optimizer optimizer) => optimizer switch
    {
        Sgd => "Sgd",
        Adam => "Adam",
        AdamW => "AdamW",
        _ => throw Unknown(optimizer),
    };

    /// <summary>
    /// Every setting of the update rule, in a fixed order. Flags are stored as 0 or 1, and Adam's betas as
    /// <c>beta1</c> and <c>beta2</c>, so that every value is one float.
    /// </summary>
    public static KeyValuePair<string, float>[] Hyperparameters(Optimizer optimizer) => optimizer switch
    {
        Sgd sgd =>
        [
            new(LearningRate, sgd.LearningRate),
            new("momentum", sgd.Momentum),
            new("dampening", sgd.Dampening),
            new("weight_decay", sgd.WeightDecay),
            new("nesterov", sgd.Nesterov ? 1f : 0f),
        ],
        Adam adam => AdamHyperparameters(adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay),
        AdamW adamW => AdamHyperparameters(adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay),
        _ => throw Unknown(optimizer),
    };

    private static KeyValuePair<string, float>[] AdamHyperparameters(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) =>
    [
        new(LearningRate, learningRate),
        new("beta1", beta1),
        new("beta2", beta2),
        new("eps", epsilon),
        new("weight_decay", weightDecay),
    ];

    /// <summary>Optimizer's constructor is not visible outside this assembly, so only a new optimizer here that was not added above gets this.</summary>
    private static NotSupportedException Unknown(Optimizer optimizer) =>
        new($"Checkpoints do not know the optimizer {optimizer.GetType().Name}: add it to {nameof(CheckpointOptimizer)}.");
}
