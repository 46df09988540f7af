using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Gradients;

/// <summary>The canonical parameter order (every tensor in state-dict order, row-major) and names for its indices.</summary>
internal static class Canonical
{
    public static float[] Gather(ModelDescriptor descriptor, float[] storage)
    {
        float[] canonical = new float[descriptor.ParameterCount];
        descriptor.GatherCanonical(storage, canonical);
        return canonical;
    }

    /// <summary>The storage's parameters in canonical order, widened to double for the reference.</summary>
    public static double[] Parameters(ModelDescriptor descriptor, float[] storage) =>
        Array.ConvertAll(Gather(descriptor, storage), value => (double)value);

    /// <summary>The tensor canonical index <paramref name="index"/> falls in, and the element's row-major index within it.</summary>
    public static (TensorDescriptor Tensor, int Element) Locate(ModelDescriptor descriptor, int index)
    {
        int start = 0;
        foreach (TensorDescriptor tensor in descriptor.Tensors)
        {
            if (index < start + tensor.ElementCount)
            {
                return (tensor, index - start);
            }

            start += tensor.ElementCount;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"{descriptor} has {descriptor.ParameterCount} parameters.");
    }

    /// <summary>Names canonical index <paramref name="index"/>, e.g. <c>layers.1.weight_hh_l0[3, 7]</c>.</summary>
    public static string Describe(ModelDescriptor descriptor, int index)
    {
        (TensorDescriptor tensor, int element) = Locate(descriptor, index);
        return tensor.Shape.Count == 1
            ? $"{tensor.Name}[{element}]"
            : $"{tensor.Name}[{element / tensor.Shape[1]}, {element % tensor.Shape[1]}]";
    }
}
