using System;
using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>A tensor read whole from a safetensors file: floating-point dtypes as floats, I64 as longs.</summary>
internal sealed class SafetensorsTensor
{
    private readonly float[]? _floats;
    private readonly long[]? _int64s;

    public SafetensorsTensor(SafetensorsTensorInfo info, float[] floats)
    {
        Info = info;
        _floats = floats;
    }

    public SafetensorsTensor(SafetensorsTensorInfo info, long[] int64s)
    {
        Info = info;
        _int64s = int64s;
    }

    /// <summary>Name, dtype, shape and place in the file.</summary>
    public SafetensorsTensorInfo Info { get; }

    /// <summary>The tensor's name.</summary>
    public string Name => Info.Name;

    /// <summary>The dtype as stored in the file.</summary>
    public SafetensorsDType DType => Info.DType;

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<long> Shape => Info.Shape;

    /// <summary>The elements, row-major, converted to float.</summary>
    /// <exception cref="InvalidOperationException">The tensor is I64.</exception>
    public float[] Floats => _floats ?? throw new InvalidOperationException($"Tensor '{Name}' is {DType}, not a floating-point tensor.");

    /// <summary>The elements, row-major.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not I64.</exception>
    public long[] Int64s => _int64s ?? throw new InvalidOperationException($"Tensor '{Name}' is {DType}, not I64.");
}
