using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>
/// What SimpleRnn, LSTM and GRU share: PyTorch's stacked gate rows. Row g·H + u of weight_ih_l0 / weight_hh_l0
/// (and of the biases) belongs to gate g, unit u.
/// </summary>
internal abstract class RecurrentReference : ReferenceLayer
{
    private readonly int _inputWeights;
    private readonly int _recurrentWeights;
    private readonly int _inputBias;
    private readonly int _recurrentBias;

    protected RecurrentReference(LayerDescriptor layer, int parameterOffset)
        : base(layer, parameterOffset)
    {
        _inputWeights = TensorOffset(TensorRole.InputWeights);
        _recurrentWeights = TensorOffset(TensorRole.RecurrentWeights);
        _inputBias = TensorOffset(TensorRole.InputBias);
        _recurrentBias = TensorOffset(TensorRole.RecurrentBias);
    }

    protected int Units => Layer.Size;

    /// <summary>W_i{gate}[unit] · x + b_i{gate}[unit].</summary>
    protected double InputSum(double[] parameters, int gate, int unit, double[] input)
    {
        int row = (gate * Units) + unit;
        int columns = Layer.InputSize;
        return ReferenceMath.Dot(parameters, _inputWeights + (row * columns), input) + parameters[_inputBias + row];
    }

    /// <summary>W_h{gate}[unit] · h + b_h{gate}[unit].</summary>
    protected double HiddenSum(double[] parameters, int gate, int unit, double[] hidden)
    {
        int row = (gate * Units) + unit;
        return ReferenceMath.Dot(parameters, _recurrentWeights + (row * Units), hidden) + parameters[_recurrentBias + row];
    }
}
