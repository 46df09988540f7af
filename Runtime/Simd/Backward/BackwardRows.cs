using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// The rows of a batch that one backward step serves at once (1, or a tile of 4 in lock-step), and how far apart
/// each row's buffers lie in the three places a backward step reads and writes: the tape, the per-row scratch
/// (gradients carried back through time), and the deltas; the input gradient lies in the scratch or, below an
/// Embedding, in the deltas.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[method: MethodImpl(MethodImplOptions.AggressiveInlining)]
public readonly struct BackwardRows(int count, nint tapeStride, nint scratchStride, nint deltaStride, nint inputGradientStride)
{
    /// <summary>Rows served together.</summary>
    public int Count { get; } = count;

    /// <summary>Floats from one row's deltas to the next row's.</summary>
    public nint DeltaStride { get; } = deltaStride;

    /// <summary>Floats from one row's scratch to the next row's.</summary>
    public nint ScratchStride { get; } = scratchStride;

    /// <summary>Floats from one row's input gradient to the next row's.</summary>
    public nint InputGradientStride { get; } = inputGradientStride;

    /// <summary>Row <paramref name="row"/>'s buffer in the tape, given row 0's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Tape(ref float first, int row) => ref Unsafe.Add(ref first, row * tapeStride);

    /// <summary>Row <paramref name="row"/>'s buffer in the scratch, given row 0's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Scratch(ref float first, int row) => ref Unsafe.Add(ref first, row * ScratchStride);

    /// <summary>Row <paramref name="row"/>'s deltas, given row 0's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Deltas(ref float first, int row) => ref Unsafe.Add(ref first, row * DeltaStride);
}
