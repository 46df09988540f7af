using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation into an embedding table: the row of each step's token receives dL/d(embedding).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingBackward
{
    /// <summary>
    /// The whole batch: table[token(row, step)] += dL/d(embedding)(row, step), row by row and step by step (a fixed
    /// order, so rows that share a token add up the same way on every run). <paramref name="tokens"/> holds
    /// <paramref name="steps"/> tokens per row.
    /// </summary>
    public static void WeightGradients(ref float tableGradients, int size, ref int tokens, SequenceBuffer embeddingGradients, int rows, int steps)
    {
        for (int row = 0; row < rows; row++)
        {
            ref float gradient = ref embeddingGradients.Row(row, 0);
            for (int step = 0; step < steps; step++)
            {
                int token = Unsafe.Add(ref tokens, ((nint)row * steps) + step);
                ref float tableRow = ref Unsafe.Add(ref tableGradients, (nuint)(uint)token * (nuint)(uint)size);
                for (nuint e = 0; e < (nuint)(uint)size; e++)
                {
                    Unsafe.Add(ref tableRow, e) += Unsafe.Add(ref gradient, e);
                }

                gradient = ref Unsafe.Add(ref gradient, embeddingGradients.StepStride);
            }
        }
    }
}
