using System.Linq;
using RnnCodegen.Layout;

namespace RnnCodegen.Benchmarks.Reporting;

/// <summary>
/// Multiply-adds of one time step, each of which reads one weight: LSTM 4H(I+H)+HO, GRU 3H(I+H)+HO, SimpleRnn H(I+H)+HO
/// for a recurrent layer of H units on I inputs and a Dense head of O outputs. Gate activations, biases and the
/// element-wise products are left out: they grow with H, not with the weights.
/// </summary>
public static class MultiplyAdds
{
    /// <summary>Sums G·H·(K+H) over the recurrent layers and O·K over the Dense layers (K: the layer's inputs).</summary>
    public static long PerStep(ModelDescriptor descriptor) =>
        descriptor.Layers.Sum(layer => layer.Kind switch
        {
            LayerKind.Embedding => 0L,
            LayerKind.Dense => (long)layer.Size * layer.InputSize,
            _ => (long)layer.Gates * layer.Size * (layer.InputSize + layer.Size),
        });
}
