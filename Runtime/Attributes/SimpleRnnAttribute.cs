using System;

namespace RnnCodegen;

/// <summary>An Elman recurrent layer: h = act(W_ih x + b_ih + W_hh h₋₁ + b_hh), as PyTorch's <c>nn.RNN</c>.</summary>
/// <param name="hiddenSize">Number of hidden units.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SimpleRnnAttribute(int hiddenSize) : Attribute
{
    /// <summary>Number of hidden units.</summary>
    public int HiddenSize { get; } = hiddenSize;

    /// <summary><see cref="Activation.Tanh"/> (default) or <see cref="Activation.Relu"/>.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;
}
