using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>The recurrent state of a whole model in the reference: one <see cref="LayerState"/> per layer, by layer index.</summary>
internal sealed class ReferenceState
{
    private readonly LayerState[] _layers;

    private ReferenceState(LayerState[] layers) => _layers = layers;

    public LayerState this[int layerIndex] => _layers[layerIndex];

    /// <summary>The zero state every sequence starts from by default.</summary>
    public static ReferenceState Zero(ModelDescriptor descriptor)
    {
        var layers = new LayerState[descriptor.Layers.Count];
        foreach (LayerDescriptor layer in descriptor.Layers)
        {
            int hidden = layer.IsRecurrent ? layer.Size : 0;
            int cell = layer.Kind == LayerKind.Lstm ? layer.Size : 0;
            layers[layer.Index] = new LayerState(new double[hidden], new double[cell]);
        }

        return new ReferenceState(layers);
    }

    /// <summary>
    /// Reads the generated models' flat state: per recurrent layer in order, h padded to whole blocks of 8,
    /// then for an LSTM c padded the same way; only the first H floats of each are real units.
    /// </summary>
    public static ReferenceState FromFlat(ModelDescriptor descriptor, ReadOnlySpan<float> flat)
    {
        if (flat.Length != descriptor.StateLength)
        {
            throw new ArgumentException($"The flat state of {descriptor} has {descriptor.StateLength} floats, the span {flat.Length}.", nameof(flat));
        }

        ReferenceState state = Zero(descriptor);
        int offset = 0;
        foreach (LayerDescriptor layer in descriptor.Layers)
        {
            if (!layer.IsRecurrent)
            {
                continue;
            }

            int padded = layer.BlockCount * LayerDescriptor.BlockWidth;
            LayerState layerState = state[layer.Index];
            layerState.Hidden = Widen(flat.Slice(offset, layer.Size));
            offset += padded;
            if (layer.Kind == LayerKind.Lstm)
            {
                layerState.Cell = Widen(flat.Slice(offset, layer.Size));
                offset += padded;
            }
        }

        return state;
    }

    public ReferenceState Copy()
    {
        var layers = new LayerState[_layers.Length];
        for (int k = 0; k < layers.Length; k++)
        {
            layers[k] = _layers[k].Copy();
        }

        return new ReferenceState(layers);
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        double[] result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
