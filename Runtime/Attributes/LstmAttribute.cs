using System;

namespace RnnCodegen;

/// <summary>
/// A long short-term memory layer with PyTorch's equations and gate order (i, f, g, o), as <c>nn.LSTM</c>.
/// </summary>
/// <param name="hiddenSize">Number of hidden units (and cells).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LstmAttribute(int hiddenSize) : Attribute
{
    /// <summary>Number of hidden units (and cells).</summary>
    public int HiddenSize { get; } = hiddenSize;

    /// <summary>
    /// Adds peephole connections (Gers and Schmidhuber 2000): the input and forget gates see the previous
    /// cell, the output gate sees the new cell, each through an element-wise weight vector.
    /// </summary>
    public bool Peepholes { get; set; }
}
