using System;
using System.Collections.Generic;
using System.Numerics;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
/// as <c>torch.optim.SGD</c>:
/// g ← g + λ·p; with momentum μ: b ← g on the first step, else b ← μ·b + (1 − τ)·g, and g ← g + μ·b (Nesterov) or g ← b;
/// then p ← p − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer; the arguments mean what they mean to <c>torch.optim.SGD</c>.</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="momentum">μ; 0 turns momentum off.</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient.</param>
    /// <param name="dampening">τ, scales down the gradient added to the momentum buffer.</param>
    /// <param name="nesterov">Nesterov momentum (needs a positive momentum and zero dampening).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum, or with dampening.</exception>
    public Sgd(float learningRate, float momentum = 0f, float weightDecay = 0f, float dampening = 0f, bool nesterov = false)
        : base(learningRate, momentum != 0f ? ["momentum_buffer"] : [])
    {
        CheckHyperparameter(momentum, nameof(momentum));
        CheckHyperparameter(weightDecay, nameof(weightDecay));
        if (!float.IsFinite(dampening))
        {
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, $"dampening must be finite, was {dampening}.");
        }

        if (nesterov && (momentum <= 0f || dampening != 0f))
        {
            throw new ArgumentException($"Nesterov momentum needs a positive momentum and zero dampening (momentum {momentum}, dampening {dampening}).", nameof(nesterov));
        }

        Momentum = momentum;
        WeightDecay = weightDecay;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>μ; 0 when momentum is off.</summary>
    public float Momentum { get; }

    /// <summary>λ, the L2 penalty.</summary>
    public float WeightDecay { get; }

    /// <summary>τ.</summary>
    public float Dampening { get; }

    /// <summary>True for Nesterov momentum.</summary>
    public bool Nesterov { get; }

    private protected override string CheckpointKind => "Sgd";

    private protected override KeyValuePair<string, float>[] CheckpointSettings() =>
    [
        new("momentum", Momentum),
        new("dampening", Dampening),
        new("weight_decay", WeightDecay),
        new("nesterov", Nesterov ? 1f : 0f),
    ];

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step)
    {
        var update = new SgdUpdate(this, firstStep: step == 1);
        ElementwiseUpdate.Run(update, parameters, gradients, Momentum != 0f ? StateBuffer(0) : [], []);
    }

    private readonly struct SgdUpdate : IElementwiseUpdate
    {
        private readonly Vector<float> _learningRate;
        private readonly Vector<float> _momentum;
        private readonly Vector<float> _gradientShare;
        private readonly Vector<float> _weightDecay;
        private readonly bool _hasMomentum;
        private readonly bool _hasWeightDecay;
        private readonly bool _nesterov;
        private readonly bool _firstStep;

        public SgdUpdate(Sgd sgd, bool firstStep)
        {
            _learningRate = new Vector<float>(sgd.LearningRate);
            _momentum = new Vector<float>(sgd.Momentum);
            // PyTorch passes 1 - dampening (a Python float) as the alpha of add_, which rounds it to float32.
            _gradientShare = new Vector<float>((float)(1.0 - sgd.Dampening));
            _weightDecay = new Vector<float>(sgd.WeightDecay);
            _hasMomentum = sgd.Momentum != 0f;
            _hasWeightDecay = sgd.WeightDecay != 0f;
            _nesterov = sgd.Nesterov;
            _firstStep = firstStep;
        }

        public void Apply(ref Vector<float> parameter, Vector<float> gradient, ref Vector<float> first, ref Vector<float> second)
        {
            if (_hasWeightDecay)
            {
                gradient += _weightDecay * parameter;
            }

            if (_hasMomentum)
            {
                first = _firstStep ? gradient : (first * _momentum) + (_gradientShare * gradient);
                gradient = _nesterov ? gradient + (_momentum * first) : first;
            }

            parameter -= _learningRate * gradient;
        }
    }
}
