namespace RnnCodegen.Tests.Reference;

/// <summary>The textbook functions of the double-precision reference, written out plainly.</summary>
internal static class ReferenceMath
{
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Σ_k row[start + k] · vector[k]: one row of a row-major matrix times a vector.</summary>
    /// <remarks>Arrays rather than spans: the tests run unoptimized (Debug) code, where span indexers stay calls.</remarks>
    public static double Dot(double[] matrix, int start, double[] vector)
    {
        double sum = 0;
        for (int k = 0; k < vector.Length; k++)
        {
            sum += matrix[start + k] * vector[k];
        }

        return sum;
    }

    /// <summary>An element-wise activation of one value (every activation but Softmax).</summary>
    public static double Activate(Activation activation, double x) => activation switch
    {
        Activation.Linear => x,
        Activation.Sigmoid => Sigmoid(x),
        Activation.Tanh => Math.Tanh(x),
        Activation.Relu => Math.Max(0, x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax acts on a whole vector."),
    };

    /// <summary>The activation of a whole layer's pre-activation values; Softmax subtracts the maximum first.</summary>
    public static double[] Activate(Activation activation, double[] values)
    {
        double[] result = new double[values.Length];
        if (activation != Activation.Softmax)
        {
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = Activate(activation, values[i]);
            }

            return result;
        }

        double max = double.NegativeInfinity;
        foreach (double value in values)
        {
            max = Math.Max(max, value);
        }

        double total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = Math.Exp(values[i] - max);
            total += result[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            result[i] /= total;
        }

        return result;
    }
}
