using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RnnCodegen.Training;

/// <summary>One optimizer's update of a vector of parameters, with up to two state buffers.</summary>
internal interface IElementwiseUpdate
{
    /// <summary>Updates <paramref name="parameter"/> (and the state it uses) from <paramref name="gradient"/>.</summary>
    void Apply(ref Vector<float> parameter, Vector<float> gradient, ref Vector<float> first, ref Vector<float> second);
}

/// <summary>Runs an <see cref="IElementwiseUpdate"/> over whole spans, <see cref="Vector{T}"/> lanes at a time.</summary>
internal static class ElementwiseUpdate
{
    /// <summary>
    /// Applies <paramref name="update"/> to every element. <paramref name="first"/> and <paramref name="second"/> are the
    /// optimizer's state buffers, empty when it keeps fewer.
    /// </summary>
    /// <remarks>
    /// The last partial vector is copied into zero-padded registers, so one formula serves every element; the
    /// arithmetic is lane-wise IEEE (no fused multiply-add), so an element's result does not depend on where it falls.
    /// </remarks>
    public static void Run<TUpdate>(in TUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TUpdate : struct, IElementwiseUpdate
    {
        Span<Vector<float>> parameterVectors = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        ReadOnlySpan<Vector<float>> gradientVectors = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        Span<Vector<float>> firstVectors = MemoryMarshal.Cast<float, Vector<float>>(first);
        Span<Vector<float>> secondVectors = MemoryMarshal.Cast<float, Vector<float>>(second);
        Vector<float> unusedFirst = default;
        Vector<float> unusedSecond = default;
        for (int i = 0; i < parameterVectors.Length; i++)
        {
            update.Apply(
                ref parameterVectors[i],
                gradientVectors[i],
                ref first.IsEmpty ? ref unusedFirst : ref firstVectors[i],
                ref second.IsEmpty ? ref unusedSecond : ref secondVectors[i]);
        }

        int done = parameterVectors.Length * Vector<float>.Count;
        if (done == parameters.Length)
        {
            return;
        }

        Span<Vector<float>> tail = stackalloc Vector<float>[4];
        tail.Clear();
        Span<float> tailFloats = MemoryMarshal.Cast<Vector<float>, float>(tail);
        int width = Vector<float>.Count;
        int rest = parameters.Length - done;
        parameters[done..].CopyTo(tailFloats);
        gradients[done..].CopyTo(tailFloats[width..]);
        if (!first.IsEmpty)
        {
            first[done..].CopyTo(tailFloats[(2 * width)..]);
        }

        if (!second.IsEmpty)
        {
            second[done..].CopyTo(tailFloats[(3 * width)..]);
        }

        update.Apply(ref tail[0], tail[1], ref tail[2], ref tail[3]);
        tailFloats[..rest].CopyTo(parameters[done..]);
        if (!first.IsEmpty)
        {
            tailFloats.Slice(2 * width, rest).CopyTo(first[done..]);
        }

        if (!second.IsEmpty)
        {
            tailFloats.Slice(3 * width, rest).CopyTo(second[done..]);
        }
    }
}
