using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>
/// What a <see cref="Trainer{TModel}"/> minimizes. Both losses are means over all target elements, as PyTorch's
/// default <c>reduction='mean'</c>.
/// </summary>
public abstract class Loss
{
    private protected Loss()
    {
    }

    /// <summary>
    /// Mean squared error between the model's activated outputs and float targets, as <c>nn.MSELoss</c>: the mean of
    /// (y − t)² over batch · time · outputs.
    /// </summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>
    /// Cross-entropy between the softmax of the last Dense layer's pre-activation values (logits) and class indices,
    /// as <c>nn.CrossEntropyLoss</c> on logits: the mean of log Σ e^z − z_class over batch · time. Softmax is fused
    /// (log-sum-exp), so large logits do not overflow.
    /// </summary>
    public static Loss CrossEntropy { get; } = new CrossEntropyLoss();

    /// <summary>True when the loss reads class indices; false when it reads float targets.</summary>
    internal abstract bool TakesClasses { get; }

    /// <summary>True when the loss reads the last Dense layer's pre-activation values rather than the activated outputs.</summary>
    internal abstract bool OnLogits { get; }
}
