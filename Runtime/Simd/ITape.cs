using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace RnnCodegen.Internals;

/// <summary>
/// What a generated layer kernel does with the values the backward pass needs. A kernel is generic over it, as over
/// <see cref="ILanes{TVector}"/>: the JIT compiles the inference copy with <see cref="NoTape"/>, whose empty
/// <see cref="Record"/> disappears, and the training copy with <see cref="TrainingTape"/>, from one body.
/// </summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ITape
{
    /// <summary>Keeps <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/> for the backward pass, or does nothing.</summary>
    static abstract void Record<TLanes, TVector>(TVector value, ref float destination, nuint offset)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct;
}

/// <summary>Inference: records nothing, and its destination is never touched (callers pass a null reference).</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NoTape : ITape
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record<TLanes, TVector>(TVector value, ref float destination, nuint offset)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
    }
}

/// <summary>Training: stores every recorded value in the step's tape.</summary>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TrainingTape : ITape
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Record<TLanes, TVector>(TVector value, ref float destination, nuint offset)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct => TLanes.Store(value, ref destination, offset);
}
