namespace RnnCodegen.Tests.Reference;

/// <summary>
/// One input sequence of <see cref="Steps"/> steps: <see cref="Inputs"/> (Steps · InputSize floats) for a float model,
/// <see cref="Tokens"/> (Steps tokens) for a token model; the other one is empty.
/// </summary>
internal sealed class Sequence(int steps, float[] inputs, int[] tokens)
{
    public int Steps { get; } = steps;

    public float[] Inputs { get; } = inputs;

    public int[] Tokens { get; } = tokens;
}
