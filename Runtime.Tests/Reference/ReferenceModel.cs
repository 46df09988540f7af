using System.Collections.Generic;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>
/// A double-precision, plain-loop implementation of a whole model, written from PyTorch's equations independently of the
/// generated code. Parameters come as the canonical vector (every tensor of <see cref="ModelDescriptor.Tensors"/> in
/// state-dict order, row-major), so the same model can run at perturbed parameters for finite differences.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly EmbeddingReference? _embedding;
    private readonly List<ReferenceLayer> _layers = [];

    public ReferenceModel(ModelDescriptor descriptor)
    {
        Descriptor = descriptor;
        int offset = 0;
        foreach (LayerDescriptor layer in descriptor.Layers)
        {
            switch (layer.Kind)
            {
                case LayerKind.Embedding:
                    _embedding = new EmbeddingReference(layer, offset);
                    break;
                case LayerKind.SimpleRnn:
                    _layers.Add(new SimpleRnnReference(layer, offset));
                    break;
                case LayerKind.Lstm:
                    _layers.Add(new LstmReference(layer, offset));
                    break;
                case LayerKind.Gru:
                    _layers.Add(new GruReference(layer, offset));
                    break;
                default:
                    _layers.Add(new DenseReference(layer, offset));
                    break;
            }

            offset += layer.ParameterCount;
        }
    }

    public ModelDescriptor Descriptor { get; }

    /// <summary>Runs <paramref name="sequence"/> from <paramref name="initialState"/> (zero when null; not modified).</summary>
    public ReferenceRun Run(double[] parameters, Sequence sequence, ReferenceState? initialState = null)
    {
        if (parameters.Length != Descriptor.ParameterCount)
        {
            throw new ArgumentException($"{Descriptor} has {Descriptor.ParameterCount} parameters, the span {parameters.Length}.", nameof(parameters));
        }

        int outputSize = Descriptor.OutputSize;
        ReferenceState state = initialState?.Copy() ?? ReferenceState.Zero(Descriptor);
        double[] outputs = new double[sequence.Steps * outputSize];
        DenseReference? lastDense = _layers[^1] as DenseReference;
        double[]? logits = lastDense is null ? null : new double[outputs.Length];
        for (int t = 0; t < sequence.Steps; t++)
        {
            double[] values = FirstInput(parameters, sequence, t);
            for (int k = 0; k < _layers.Count - 1; k++)
            {
                values = _layers[k].Step(parameters, values, state[_layers[k].Layer.Index]);
            }

            if (lastDense is not null)
            {
                double[] preActivation = lastDense.PreActivation(parameters, values);
                preActivation.CopyTo(logits!, t * outputSize);
                values = lastDense.Activate(preActivation);
            }
            else
            {
                values = _layers[^1].Step(parameters, values, state[_layers[^1].Layer.Index]);
            }

            values.CopyTo(outputs, t * outputSize);
        }

        return new ReferenceRun(outputs, logits, state);
    }

    private double[] FirstInput(double[] parameters, Sequence sequence, int t)
    {
        if (_embedding is not null)
        {
            return _embedding.Lookup(parameters, sequence.Tokens[t]);
        }

        int size = Descriptor.InputSize;
        double[] input = new double[size];
        for (int i = 0; i < size; i++)
        {
            input[i] = sequence.Inputs[(t * size) + i];
        }

        return input;
    }
}
