using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>
/// The weights of a model made of one recurrent layer and a Dense head, in PyTorch's layouts (row-major, gate rows
/// stacked in PyTorch's order), copied out of a generated model's blocked storage with <see cref="TensorDescriptor.Gather"/>.
/// </summary>
public sealed class PyTorchWeights
{
    /// <summary>Reads layer 0's recurrent tensors and layer 1's Dense tensors out of <paramref name="storage"/>.</summary>
    public PyTorchWeights(ModelDescriptor descriptor, ReadOnlySpan<float> storage)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        InputSize = descriptor.InputSize;
        HiddenSize = descriptor.Layers[0].Size;
        OutputSize = descriptor.OutputSize;
        InputWeights = Read(descriptor, storage, "layers.0.weight_ih_l0");
        RecurrentWeights = Read(descriptor, storage, "layers.0.weight_hh_l0");
        InputBias = Read(descriptor, storage, "layers.0.bias_ih_l0");
        RecurrentBias = Read(descriptor, storage, "layers.0.bias_hh_l0");
        HeadWeights = Read(descriptor, storage, "layers.1.weight");
        HeadBias = Read(descriptor, storage, "layers.1.bias");
    }

    /// <summary>I: inputs per step.</summary>
    public int InputSize { get; }

    /// <summary>H: hidden units of the recurrent layer.</summary>
    public int HiddenSize { get; }

    /// <summary>O: outputs per step.</summary>
    public int OutputSize { get; }

    /// <summary>W_ih, [G·H, I].</summary>
    public float[] InputWeights { get; }

    /// <summary>W_hh, [G·H, H].</summary>
    public float[] RecurrentWeights { get; }

    /// <summary>b_ih, [G·H].</summary>
    public float[] InputBias { get; }

    /// <summary>b_hh, [G·H].</summary>
    public float[] RecurrentBias { get; }

    /// <summary>The Dense head's weight, [O, H].</summary>
    public float[] HeadWeights { get; }

    /// <summary>The Dense head's bias, [O].</summary>
    public float[] HeadBias { get; }

    /// <summary>Copies tensor <paramref name="name"/> out of a generated model's <paramref name="storage"/> into PyTorch's layout.</summary>
    /// <exception cref="ArgumentException">The model has no such tensor.</exception>
    internal static float[] Read(ModelDescriptor descriptor, ReadOnlySpan<float> storage, string name)
    {
        TensorDescriptor tensor = descriptor.FindTensor(name)
            ?? throw new ArgumentException($"{descriptor.Signature} has no tensor '{name}'.", nameof(descriptor));
        var values = new float[tensor.ElementCount];
        tensor.Gather(storage, values);
        return values;
    }
}
