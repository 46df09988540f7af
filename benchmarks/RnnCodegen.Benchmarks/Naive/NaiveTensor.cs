using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Naive;

/// <summary>One parameter tensor of the naive trainer in PyTorch's layout, with its gradient and Adam's two moment estimates.</summary>
public sealed class NaiveTensor
{
    private NaiveTensor(string name, float[] values)
    {
        Name = name;
        Values = values;
        Gradient = new float[values.Length];
        FirstMoment = new float[values.Length];
        SecondMoment = new float[values.Length];
    }

    /// <summary>The PyTorch state-dict name, e.g. <c>layers.0.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The parameters, row-major.</summary>
    public float[] Values { get; }

    /// <summary>dLoss/dValues, summed over the batch.</summary>
    public float[] Gradient { get; }

    /// <summary>Adam's m.</summary>
    public float[] FirstMoment { get; }

    /// <summary>Adam's v.</summary>
    public float[] SecondMoment { get; }

    /// <summary>Copies tensor <paramref name="name"/> out of a generated model's <paramref name="storage"/> (<see cref="TensorDescriptor.Gather"/>).</summary>
    /// <exception cref="ArgumentException">The model has no such tensor.</exception>
    public static NaiveTensor Gather(ModelDescriptor descriptor, ReadOnlySpan<float> storage, string name)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new NaiveTensor(name, PyTorchWeights.Read(descriptor, storage, name));
    }
}
