using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>
/// One layer of the double-precision reference. Its tensors are read from the canonical parameter vector
/// (every tensor in PyTorch state-dict order, row-major) starting at the layer's offset in it.
/// </summary>
internal abstract class ReferenceLayer
{
    private readonly int _parameterOffset;

    protected ReferenceLayer(LayerDescriptor layer, int parameterOffset)
    {
        Layer = layer;
        _parameterOffset = parameterOffset;
    }

    public LayerDescriptor Layer { get; }

    /// <summary>Computes one step from <paramref name="input"/>, updating <paramref name="state"/>; returns the layer's (activated) output.</summary>
    public abstract double[] Step(double[] parameters, double[] input, LayerState state);

    /// <summary>Where the layer's tensor of <paramref name="role"/> starts in the canonical vector.</summary>
    protected int TensorOffset(TensorRole role)
    {
        int offset = _parameterOffset;
        foreach (TensorDescriptor tensor in Layer.Tensors)
        {
            if (tensor.Role == role)
            {
                return offset;
            }

            offset += tensor.ElementCount;
        }

        throw new InvalidOperationException($"Layer {Layer.Signature} has no {role} tensor.");
    }
}
