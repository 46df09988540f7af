using System;

namespace RnnCodegen;

/// <summary>A gated recurrent unit layer with PyTorch's equations and gate order (r, z, n), as <c>nn.GRU</c>.</summary>
/// <param name="hiddenSize">Number of hidden units.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GruAttribute(int hiddenSize) : Attribute
{
    /// <summary>Number of hidden units.</summary>
    public int HiddenSize { get; } = hiddenSize;

    /// <summary>
    /// True (default, PyTorch and cuDNN): n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn)).
    /// False (Cho et al. 2014): n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn).
    /// </summary>
    public bool ResetAfter { get; set; } = true;
}
