using System;
using System.Collections.Generic;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>
/// Adam (Kingma and Ba) as <c>torch.optim.Adam</c>, with weight decay as an L2 penalty added to the gradient:
/// g ← g + λ·p; m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; p ← p − lr·m̂ / (√v̂ + ε),
/// where m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β₁, decay of the first-moment estimate.</param>
    /// <param name="beta2">β₂, decay of the second-moment estimate.</param>
    /// <param name="epsilon">ε, added to the denominator.</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient (use <see cref="AdamW"/> for decoupled decay).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, NaN or infinite.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
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

    /// <summary>λ, the L2 penalty.</summary>
    public float WeightDecay { get; }

    private protected override string CheckpointKind => "Adam";

    private protected override KeyValuePair<string, float>[] CheckpointSettings() => AdamUpdate.CheckpointSettings(Beta1, Beta2, Epsilon, WeightDecay);

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        var update = new AdamUpdate(LearningRate, Beta1, Beta2, Epsilon, l2WeightDecay: WeightDecay, decoupledWeightDecay: 0f, step);
        ElementwiseUpdate.Run(update, parameters, gradients, StateBuffer(0), StateBuffer(1));
    }
}
