using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// One vector per (row, step) of a training batch, at a fixed distance from the next step and the next row: the
/// recorded activations of one tape slot, a layer's deltas, or the batch's inputs.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct SequenceBuffer
{
    private readonly ref float _start;
    private readonly nint _rowStride;

    /// <summary>Vectors at <paramref name="start"/> + row · <paramref name="rowStride"/> + step · <paramref name="stepStride"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SequenceBuffer(ref float start, nint rowStride, nint stepStride)
    {
        _start = ref start;
        _rowStride = rowStride;
        StepStride = stepStride;
    }

    /// <summary>Floats from one step's vector to the next step's.</summary>
    public nint StepStride { get; }

    /// <summary>Element <paramref name="offset"/> of row <paramref name="row"/>'s step-0 vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Row(int row, nuint offset) => ref Unsafe.Add(ref Unsafe.Add(ref _start, row * _rowStride), offset);
}
