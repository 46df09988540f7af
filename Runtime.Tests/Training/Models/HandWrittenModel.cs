using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Training.Models;

/// <summary>
/// Parameter and gradient storage for the hand-written models that stand in for generated ones in the trainer tests:
/// their forward and backward passes are a few obvious lines, so the trainer can be checked against closed forms.
/// </summary>
internal abstract class HandWrittenModel(ModelDescriptor descriptor)
{
    private readonly float[] _parameters = new float[descriptor.StorageLength];
    private readonly float[] _gradients = new float[descriptor.StorageLength];

    public Span<float> Parameters => _parameters;

    public Span<float> Gradients => _gradients;

    /// <summary>Storage index of element <paramref name="index"/> of layer <paramref name="layer"/>'s tensor <paramref name="role"/>.</summary>
    protected static int StorageIndex(ModelDescriptor descriptor, int layer, TensorRole role, int index) =>
        descriptor.Layers[layer].StorageIndex(role, index);
}
