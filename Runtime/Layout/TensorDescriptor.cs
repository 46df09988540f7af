using System;
using System.Collections.Generic;

namespace RnnCodegen.Layout;

/// <summary>One parameter tensor in PyTorch's naming, shape and element order, and its place in the storage.</summary>
public sealed class TensorDescriptor
{
    private readonly LayerDescriptor _layer;
    private readonly int[] _shape;

    internal TensorDescriptor(string name, int[] shape, TensorRole role, LayerDescriptor layer)
    {
        Name = name;
        _shape = shape;
        Role = role;
        _layer = layer;
        int count = 1;
        foreach (int dimension in shape)
        {
            count *= dimension;
        }

        ElementCount = count;
    }

    /// <summary>The PyTorch state-dict name, e.g. <c>layers.0.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The PyTorch shape.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>What the tensor is to its layer.</summary>
    public TensorRole Role { get; }

    /// <summary>Number of elements.</summary>
    public int ElementCount { get; }

    /// <summary>The shape as text, e.g. <c>[128, 32]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", _shape) + "]";

    /// <summary>Copies the tensor (row-major, PyTorch order) into its places in <paramref name="storage"/>.</summary>
    public void Scatter(ReadOnlySpan<float> tensor, Span<float> storage)
    {
        if (tensor.Length != ElementCount)
        {
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} elements, the span {tensor.Length}.", nameof(tensor));
        }

        for (int i = 0; i < tensor.Length; i++)
        {
            storage[_layer.StorageIndex(Role, i)] = tensor[i];
        }
    }

    /// <summary>Copies the tensor out of <paramref name="storage"/> into PyTorch's row-major order.</summary>
    public void Gather(ReadOnlySpan<float> storage, Span<float> tensor)
    {
        if (tensor.Length != ElementCount)
        {
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} elements, the span {tensor.Length}.", nameof(tensor));
        }

        for (int i = 0; i < tensor.Length; i++)
        {
            tensor[i] = storage[_layer.StorageIndex(Role, i)];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name + " " + ShapeText;
}
