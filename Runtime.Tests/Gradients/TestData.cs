using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>Seeded random inputs, states and loss weights.</summary>
internal static class TestData
{
    /// <summary>Inputs uniform in [−1, 1), or tokens uniform over the vocabulary.</summary>
    public static Sequence RandomSequence(ModelDescriptor descriptor, int steps, Random random)
    {
        if (descriptor.TokenInput)
        {
            int[] tokens = new int[steps];
            for (int t = 0; t < steps; t++)
            {
                tokens[t] = random.Next(descriptor.VocabularySize);
            }

            return new Sequence(steps, [], tokens);
        }

        return new Sequence(steps, Uniform(steps * descriptor.InputSize, 1, random), []);
    }

    /// <summary>
    /// A flat state with every real unit random (h in (−1, 1), the range of tanh-bounded values; c in (−2, 2)) and the padding
    /// zero, as a state left by an earlier pass is.
    /// </summary>
    public static float[] RandomState(ModelDescriptor descriptor, Random random)
    {
        float[] state = new float[descriptor.StateLength];
        int offset = 0;
        foreach (LayerDescriptor layer in descriptor.Layers)
        {
            if (!layer.IsRecurrent)
            {
                continue;
            }

            int padded = layer.BlockCount * LayerDescriptor.BlockWidth;
            Uniform(layer.Size, 1, random).CopyTo(state, offset);
            offset += padded;
            if (layer.Kind == LayerKind.Lstm)
            {
                Uniform(layer.Size, 2, random).CopyTo(state, offset);
                offset += padded;
            }
        }

        return state;
    }

    /// <summary><paramref name="count"/> values uniform in [−<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public static float[] Uniform(int count, float bound, Random random)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = bound * ((2 * random.NextSingle()) - 1);
        }

        return values;
    }
}
