using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>nn.Linear followed by the activation: y = act(W x + b); Softmax over the layer's outputs.</summary>
internal sealed class DenseReference : ReferenceLayer
{
    private readonly int _weights;
    private readonly int _bias;

    public DenseReference(LayerDescriptor layer, int parameterOffset)
        : base(layer, parameterOffset)
    {
        _weights = TensorOffset(TensorRole.InputWeights);
        _bias = TensorOffset(TensorRole.InputBias);
    }

    /// <summary>W x + b: the logits when this is the last layer.</summary>
    public double[] PreActivation(double[] parameters, double[] input)
    {
        int columns = Layer.InputSize;
        double[] result = new double[Layer.Size];
        for (int o = 0; o < result.Length; o++)
        {
            result[o] = ReferenceMath.Dot(parameters, _weights + (o * columns), input) + parameters[_bias + o];
        }

        return result;
    }

    public double[] Activate(double[] preActivation) => ReferenceMath.Activate(Layer.Activation, preActivation);

    public override double[] Step(double[] parameters, double[] input, LayerState state) =>
        Activate(PreActivation(parameters, input));
}
