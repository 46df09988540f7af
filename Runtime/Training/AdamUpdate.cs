using System;
using System.Collections.Generic;
using System.Numerics;

namespace RnnCodegen.Training;

/// <summary>
/// The element-wise update shared by <see cref="Adam"/> and <see cref="AdamW"/>, in the arithmetic order of
/// <c>torch.optim</c>'s single-tensor implementation (PyTorch 2.x):
/// <code>
/// p *= 1 - lr*wd_decoupled
/// g += wd_l2 * p
/// m.lerp_(g, 1 - beta1)
/// v = v*beta2 + (1 - beta2)*g*g
/// denom = sqrt(v) / sqrt(1 - beta2^t) + eps
/// p += (-lr / (1 - beta1^t)) * m / denom
/// </code>
/// Scalars are computed in double, as Python computes them, and rounded to float where PyTorch hands them to a float kernel.
/// </summary>
internal readonly struct AdamUpdate : IElementwiseUpdate
{
    /// <summary>The state buffers, in PyTorch's names: first and second moment estimates.</summary>
    public static readonly string[] StateNames = ["exp_avg", "exp_avg_sq"];

    /// <summary>The settings a checkpoint stores besides the learning rate; PyTorch's <c>betas</c> pair as two floats.</summary>
    public static KeyValuePair<string, float>[] CheckpointSettings(float beta1, float beta2, float epsilon, float weightDecay) =>
    [
        new("beta1", beta1),
        new("beta2", beta2),
        new("eps", epsilon),
        new("weight_decay", weightDecay),
    ];

    private readonly Vector<float> _decay;
    private readonly Vector<float> _l2;
    private readonly Vector<float> _lerpWeight;
    private readonly Vector<float> _oneMinusLerpWeight;
    private readonly Vector<float> _beta2;
    private readonly Vector<float> _oneMinusBeta2;
    private readonly Vector<float> _biasCorrection2Sqrt;
    private readonly Vector<float> _epsilon;
    private readonly Vector<float> _negativeStepSize;
    private readonly bool _decoupled;
    private readonly bool _hasL2;
    private readonly bool _smallLerpWeight;

    public AdamUpdate(float learningRate, float beta1, float beta2, float epsilon, float l2WeightDecay, float decoupledWeightDecay, long step)
    {
        double lerpWeight = 1.0 - beta1;
        double biasCorrection1 = 1.0 - Math.Pow(beta1, step);
        double biasCorrection2 = 1.0 - Math.Pow(beta2, step);
        _decay = new Vector<float>((float)(1.0 - ((double)learningRate * decoupledWeightDecay)));
        _l2 = new Vector<float>(l2WeightDecay);
        _lerpWeight = new Vector<float>((float)lerpWeight);
        _oneMinusLerpWeight = new Vector<float>(1f - (float)lerpWeight);
        _beta2 = new Vector<float>(beta2);
        _oneMinusBeta2 = new Vector<float>((float)(1.0 - beta2));
        _biasCorrection2Sqrt = new Vector<float>((float)Math.Sqrt(biasCorrection2));
        _epsilon = new Vector<float>(epsilon);
        _negativeStepSize = new Vector<float>((float)(-(learningRate / biasCorrection1)));
        _decoupled = decoupledWeightDecay != 0f;
        _hasL2 = l2WeightDecay != 0f;
        // at::lerp switches formula at weight 0.5 to stay exact at both ends.
        _smallLerpWeight = Math.Abs(lerpWeight) < 0.5;
    }

    /// <summary>Checks the arguments both optimizers share, as torch.optim.Adam does.</summary>
    public static void CheckArguments(float beta1, float beta2, float epsilon, float weightDecay)
    {
        CheckBeta(beta1, nameof(beta1));
        CheckBeta(beta2, nameof(beta2));
        if (!float.IsFinite(epsilon) || epsilon < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be finite and not negative, was {epsilon}.");
        }

        if (!float.IsFinite(weightDecay) || weightDecay < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weightDecay must be finite and not negative, was {weightDecay}.");
        }
    }

    public void Apply(ref Vector<float> parameter, Vector<float> gradient, ref Vector<float> first, ref Vector<float> second)
    {
        if (_decoupled)
        {
            parameter *= _decay;
        }

        if (_hasL2)
        {
            gradient += _l2 * parameter;
        }

        first = _smallLerpWeight
            ? first + (_lerpWeight * (gradient - first))
            : gradient - ((gradient - first) * _oneMinusLerpWeight);
        second = (second * _beta2) + (_oneMinusBeta2 * gradient * gradient);
        Vector<float> denominator = (Vector.SquareRoot(second) / _biasCorrection2Sqrt) + _epsilon;
        parameter += _negativeStepSize * first / denominator;
    }

    private static void CheckBeta(float beta, string name)
    {
        if (!(beta >= 0f && beta < 1f))
        {
            throw new ArgumentOutOfRangeException(name, beta, $"{name} must be in [0, 1), was {beta}.");
        }
    }
}
