using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>
/// nn.LSTM, gates (i, f, g, o), optionally with peepholes (weight_peephole_l0 rows i, f, o):
/// i = σ(W_ii x + b_ii + W_hi h₋₁ + b_hi [+ p_i ⊙ c₋₁]), f = σ(… [+ p_f ⊙ c₋₁]), g = tanh(…),
/// c = f ⊙ c₋₁ + i ⊙ g, o = σ(… [+ p_o ⊙ c]), h = o ⊙ tanh(c).
/// </summary>
internal sealed class LstmReference : RecurrentReference
{
    private const int InputGate = 0;
    private const int ForgetGate = 1;
    private const int CellGate = 2;
    private const int OutputGate = 3;

    private readonly int _peepholes;

    public LstmReference(LayerDescriptor layer, int parameterOffset)
        : base(layer, parameterOffset)
    {
        _peepholes = layer.Peepholes ? TensorOffset(TensorRole.Peepholes) : -1;
    }

    public override double[] Step(double[] parameters, double[] input, LayerState state)
    {
        double[] previousHidden = state.Hidden;
        double[] previousCell = state.Cell;
        double[] hidden = new double[Units];
        double[] cell = new double[Units];
        for (int u = 0; u < Units; u++)
        {
            double i = ReferenceMath.Sigmoid(GateSum(parameters, InputGate, u, input, previousHidden) + Peephole(parameters, 0, u, previousCell[u]));
            double f = ReferenceMath.Sigmoid(GateSum(parameters, ForgetGate, u, input, previousHidden) + Peephole(parameters, 1, u, previousCell[u]));
            double g = Math.Tanh(GateSum(parameters, CellGate, u, input, previousHidden));
            cell[u] = (f * previousCell[u]) + (i * g);
            double o = ReferenceMath.Sigmoid(GateSum(parameters, OutputGate, u, input, previousHidden) + Peephole(parameters, 2, u, cell[u]));
            hidden[u] = o * Math.Tanh(cell[u]);
        }

        state.Hidden = hidden;
        state.Cell = cell;
        return hidden;
    }

    private double GateSum(double[] parameters, int gate, int unit, double[] input, double[] hidden) =>
        InputSum(parameters, gate, unit, input) + HiddenSum(parameters, gate, unit, hidden);

    /// <summary>p_row[unit] · cell, or 0 without peepholes; rows 0, 1, 2 are i, f, o.</summary>
    private double Peephole(double[] parameters, int row, int unit, double cell) =>
        _peepholes < 0 ? 0 : parameters[_peepholes + (row * Units) + unit] * cell;
}
