namespace RnnCodegen.Tests.Learning;

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber 1997): each step holds a value uniform in [0, 1) and a marker; the
/// marker is 1 at one step in the first half and one in the second half, 0 elsewhere. The target, scored at the last
/// step only, is the sum of the two marked values, so a model must carry the first one across at least half the sequence.
/// </summary>
internal static class AddingProblem
{
    public const int Steps = 50;
    public const int Channels = 2;

    /// <summary>Fills <paramref name="count"/> sequences, [count, Steps, Channels], and their sums, [count, 1].</summary>
    public static void Fill(Random random, Span<float> inputs, Span<float> sums, int count)
    {
        inputs[..(count * Steps * Channels)].Clear();
        for (int row = 0; row < count; row++)
        {
            Span<float> sequence = inputs.Slice(row * Steps * Channels, Steps * Channels);
            for (int t = 0; t < Steps; t++)
            {
                sequence[t * Channels] = random.NextSingle();
            }

            int first = random.Next(Steps / 2);
            int second = (Steps / 2) + random.Next(Steps / 2);
            sequence[(first * Channels) + 1] = 1f;
            sequence[(second * Channels) + 1] = 1f;
            sums[row] = sequence[first * Channels] + sequence[second * Channels];
        }
    }
}
