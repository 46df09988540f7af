using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>Backpropagation into an embedding table: the row of the step's token receives dL/d(embedding).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingBackward
{
    /// <summary>table[token] += <paramref name="embeddingGradient"/>[0..size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(ref float tableGradients, int token, int size, ref float embeddingGradient)
    {
        ref float row = ref Unsafe.Add(ref tableGradients, (nuint)(uint)token * (nuint)(uint)size);
        for (nuint e = 0; e < (nuint)(uint)size; e++)
        {
            Unsafe.Add(ref row, e) += Unsafe.Add(ref embeddingGradient, e);
        }
    }
}
