using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>One tensor entry of a safetensors header, already checked for internal consistency.</summary>
/// <param name="Name">The tensor's name (a PyTorch state-dict key).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, each non-negative; their product fits in a long.</param>
/// <param name="ElementCount">The product of <paramref name="Shape"/>.</param>
/// <param name="Begin">First byte of the tensor in the data section.</param>
/// <param name="End">One past its last byte: <paramref name="Begin"/> + <paramref name="ElementCount"/> · dtype size.</param>
internal sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long ElementCount, long Begin, long End)
{
    /// <summary>The shape as PyTorch prints it, e.g. <c>[128, 32]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
