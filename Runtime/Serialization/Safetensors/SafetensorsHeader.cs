using System;
using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>
/// A parsed safetensors header whose tensors tile the data section exactly: sorted by offset, each begins where the
/// one before it ends, from byte 0 to <see cref="DataLength"/>. The format requires this (no holes, no overlaps), so
/// a file cannot hide bytes between tensors, and the data can be read front to back without seeking.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <exception cref="ModelFormatException">The tensors leave a gap or overlap.</exception>
    public SafetensorsHeader(IReadOnlyList<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        SafetensorsTensorInfo[] inDataOrder = [.. tensors];
        Array.Sort(inDataOrder, static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (SafetensorsTensorInfo tensor in inDataOrder)
        {
            if (tensor.Begin != expected)
            {
                throw new ModelFormatException(
                    $"Tensor '{tensor.Name}' in the safetensors header has 'data_offsets' [{tensor.Begin}, {tensor.End}], but the tensors before it end at byte {expected}: "
                    + (tensor.Begin > expected ? "the data would have a gap." : "the tensors would overlap."));
            }

            expected = tensor.End;
        }

        InDataOrder = inDataOrder;
        DataLength = expected;
    }

    /// <summary>The tensors in the header's order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The same tensors in the order of their data.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> InDataOrder { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Bytes of the data section: the file ends right after them.</summary>
    public long DataLength { get; }
}
