namespace RnnCodegen;

/// <summary>Element-wise activation of a <see cref="SimpleRnnAttribute"/> or <see cref="DenseAttribute"/> layer.</summary>
public enum Activation
{
    /// <summary>The identity: y = x. The default of Dense.</summary>
    Linear,
    /// <summary>y = 1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>y = tanh(x). The default of SimpleRnn.</summary>
    Tanh,
    /// <summary>y = max(0, x).</summary>
    Relu,
    /// <summary>y_i = e^x_i / Σ_j e^x_j over the layer's outputs (Dense only).</summary>
    Softmax,
}
