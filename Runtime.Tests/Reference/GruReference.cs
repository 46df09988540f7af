using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>
/// nn.GRU, gates (r, z, n): r = σ(W_ir x + b_ir + W_hr h₋₁ + b_hr), z likewise,
/// reset-after n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn)) or reset-before n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn),
/// h = (1 − z) ⊙ n + z ⊙ h₋₁.
/// </summary>
internal sealed class GruReference(LayerDescriptor layer, int parameterOffset) : RecurrentReference(layer, parameterOffset)
{
    private const int ResetGate = 0;
    private const int UpdateGate = 1;
    private const int CandidateGate = 2;

    public override double[] Step(double[] parameters, double[] input, LayerState state)
    {
        double[] previous = state.Hidden;
        double[] reset = new double[Units];
        double[] update = new double[Units];
        double[] resetHidden = new double[Units];
        for (int u = 0; u < Units; u++)
        {
            reset[u] = ReferenceMath.Sigmoid(InputSum(parameters, ResetGate, u, input) + HiddenSum(parameters, ResetGate, u, previous));
            update[u] = ReferenceMath.Sigmoid(InputSum(parameters, UpdateGate, u, input) + HiddenSum(parameters, UpdateGate, u, previous));
            resetHidden[u] = reset[u] * previous[u];
        }

        double[] hidden = new double[Units];
        for (int u = 0; u < Units; u++)
        {
            double recurrent = Layer.ResetAfter
                ? reset[u] * HiddenSum(parameters, CandidateGate, u, previous)
                : HiddenSum(parameters, CandidateGate, u, resetHidden);
            double candidate = Math.Tanh(InputSum(parameters, CandidateGate, u, input) + recurrent);
            hidden[u] = ((1 - update[u]) * candidate) + (update[u] * previous[u]);
        }

        state.Hidden = hidden;
        return hidden;
    }
}
