using System;
using System.Collections.Generic;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter) as <c>torch.optim.AdamW</c>:
/// p ← p·(1 − lr·λ) first, then the <see cref="Adam"/> update without an L2 term.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β₁, decay of the first-moment estimate.</param>
    /// <param name="beta2">β₂, decay of the second-moment estimate.</param>
    /// <param name="epsilon">ε, added to the denominator.</param>
    /// <param name="weightDecay">λ, decoupled decay: each step shrinks parameters by the factor 1 − lr·λ.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, NaN or infinite.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f)
        : base(learningRate, AdamUpdate.StateNames)
    {
        AdamUpdate.CheckArguments(beta1, beta2, epsilon, weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>λ, the decoupled weight decay.</summary>
    public float WeightDecay { get; }

    private protected override string CheckpointKind => "AdamW";

    private protected override KeyValuePair<string, float>[] CheckpointSettings() => AdamUpdate.CheckpointSettings(Beta1, Beta2, Epsilon, WeightDecay);

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        var update = new AdamUpdate(LearningRate, Beta1, Beta2, Epsilon, l2WeightDecay: 0f, decoupledWeightDecay: WeightDecay, step);
        ElementwiseUpdate.Run(update, parameters, gradients, StateBuffer(0), StateBuffer(1));
    }
}
