using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>Elman RNN (nn.RNN): h = act(W_ih x + b_ih + W_hh h₋₁ + b_hh), act tanh or relu.</summary>
internal sealed class SimpleRnnReference(LayerDescriptor layer, int parameterOffset) : RecurrentReference(layer, parameterOffset)
{
    public override double[] Step(double[] parameters, double[] input, LayerState state)
    {
        double[] hidden = new double[Units];
        for (int u = 0; u < Units; u++)
        {
            hidden[u] = ReferenceMath.Activate(Layer.Activation, InputSum(parameters, 0, u, input) + HiddenSum(parameters, 0, u, state.Hidden));
        }

        state.Hidden = hidden;
        return hidden;
    }
}
