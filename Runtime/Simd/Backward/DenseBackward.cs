using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>One time step of backpropagation through y = act(W x + b).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseBackward
{
    /// <summary>
    /// Adds dW and db, and writes dL/dx (when asked). <paramref name="outputGradient"/> is dL/dy, or dL/d(W x + b)
    /// when <paramref name="preActivationGradient"/> (cross-entropy on logits, softmax fused).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TLanes, TVector>(
        BlockShape shape, Activation activation, bool preActivationGradient, ref float weights, ref float gradients, ref float input,
        ref float output, ref float outputGradient, ref float inputGradient, bool computeInputGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        Activation derivative = preActivationGradient ? Activation.Linear : activation;
        float softmaxDot = 0f;
        if (derivative == Activation.Softmax)
        {
            // softmax′: δ_i = y_i (dy_i − Σ_j dy_j y_j)
            for (int o = 0; o < shape.Units; o++)
            {
                softmaxDot += Unsafe.Add(ref outputGradient, o) * Unsafe.Add(ref output, o);
            }
        }

        TVector one = TLanes.Broadcast(1f);
        for (nuint unit = 0; unit < (nuint)shape.PaddedUnits; unit += (nuint)TLanes.Count)
        {
            TVector y = TLanes.Load(ref output, unit);
            TVector dy = TLanes.Load(ref outputGradient, unit);
            TVector delta = derivative switch
            {
                Activation.Sigmoid => TLanes.Multiply(dy, TLanes.Multiply(y, TLanes.Subtract(one, y))),
                Activation.Tanh => TLanes.Multiply(dy, TLanes.Subtract(one, TLanes.Multiply(y, y))),
                Activation.Relu => TLanes.Multiply(dy, TLanes.ReluDerivative(y)),
                Activation.Softmax => TLanes.Multiply(y, TLanes.Subtract(dy, TLanes.Broadcast(softmaxDot))),
                _ => dy,
            };
            TLanes.Store(delta, ref deltas, unit);
        }

        MatrixGradients.AddBias<TLanes, TVector>(shape, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), ref deltas, 0, 1);
        MatrixGradients.AddOuterProduct<TLanes, TVector>(shape, ref gradients, ref deltas, ref input, 0, shape.Inputs, 0, 1);
        if (computeInputGradient)
        {
            MatrixGradients.TransposedProduct<TLanes, TVector>(shape, ref weights, ref deltas, 0, shape.Inputs, 0, 1, ref inputGradient, accumulate: false);
        }
    }
}
