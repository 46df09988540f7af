using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation through y = act(W x + b).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseBackward
{
    /// <summary>
    /// One time step of <paramref name="rows"/> rows: writes δ = dL/d(W x + b) to <paramref name="deltas"/> (the step's record for the weight gradients)
    /// and dL/dx (when asked). <paramref name="outputGradient"/> is dL/dy, or dL/d(W x + b) when
    /// <paramref name="preActivationGradient"/> (cross-entropy on logits, softmax fused).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TLanes, TVector>(
        BlockShape shape, Activation activation, bool preActivationGradient, BackwardRows rows, ref float weights, ref float output, ref float outputGradient,
        ref float inputGradient, bool computeInputGradient, ref float deltas)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        for (int row = 0; row < rows.Count; row++)
        {
            Deltas<TLanes, TVector>(shape, activation, preActivationGradient, ref rows.Tape(ref output, row), ref rows.Scratch(ref outputGradient, row), ref rows.Deltas(ref deltas, row));
        }

        if (computeInputGradient)
        {
            MatrixGradients.TransposedProducts<TLanes, TVector>(shape, ref weights, ref deltas, rows.DeltaStride, 0, shape.Inputs, 0, 1, ref inputGradient, rows.InputGradientStride, rows.Count, accumulate: false);
        }
    }

    /// <summary>One row's δ = dL/d(W x + b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Deltas<TLanes, TVector>(BlockShape shape, Activation activation, bool preActivationGradient, ref float output, ref float outputGradient, ref float deltas)
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
    }

    /// <summary>The whole batch, one block of outputs: b += Σ δ;  W += Σ δ ⊗ x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightGradients<TLanes, TVector>(BlockShape shape, int block, ref float gradients, SequenceBuffer deltas, SequenceBuffer input, int rows, int steps)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        BatchGradients.Sum<TLanes, TVector>(shape, block, ref Unsafe.Add(ref gradients, shape.InputBiasOffset), deltas, 0, 1, rows, steps);
        BatchGradients.OuterProduct<TLanes, TVector>(shape, block, ref gradients, deltas, input, 0, shape.Inputs, 0, 1, rows, steps);
    }
}
