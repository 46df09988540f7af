using System;

namespace RnnCodegen;

/// <summary>A fully connected layer applied at every time step: y = act(W x + b), as <c>nn.Linear</c>.</summary>
/// <param name="outputs">Number of outputs.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int outputs) : Attribute
{
    /// <summary>Number of outputs.</summary>
    public int Outputs { get; } = outputs;

    /// <summary>The activation; <see cref="Activation.Linear"/> by default.</summary>
    public Activation Activation { get; set; } = Activation.Linear;
}
