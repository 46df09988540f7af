using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace TextGenerator;

/// <summary>
/// The text to learn: the project's own Markdown documentation, embedded when the sample is built (see the .csproj),
/// as tokens. The last tenth is held out to measure perplexity on text the model did not train on.
/// </summary>
internal sealed class Corpus
{
    private const string ResourcePrefix = "corpus:";

    private readonly int[] _tokens;
    private readonly int _trainingLength;

    private Corpus(int[] tokens, string[] documents, int skipped)
    {
        _tokens = tokens;
        _trainingLength = tokens.Length * 9 / 10;
        Documents = documents;
        Skipped = skipped;
    }

    /// <summary>The documents the corpus was made from, in the order they were joined.</summary>
    public string[] Documents { get; }

    /// <summary>Characters outside the <see cref="Vocabulary"/> (arrows, ×, µ, …), left out.</summary>
    public int Skipped { get; }

    public int Length => _tokens.Length;

    public ReadOnlySpan<int> Training => _tokens.AsSpan(0, _trainingLength);

    public ReadOnlySpan<int> Validation => _tokens.AsSpan(_trainingLength);

    public static Corpus Load()
    {
        Assembly assembly = typeof(Corpus).Assembly;
        string[] documents = [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        string text = string.Concat(documents.Select(name =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }));
        int[] tokens = Vocabulary.Encode(text, out int skipped);
        return new Corpus(tokens, [.. documents.Select(n => n[ResourcePrefix.Length..].Replace("../", "", StringComparison.Ordinal))], skipped);
    }

    /// <summary>
    /// Fills one training batch: <paramref name="batchSize"/> windows of the training text at places drawn from
    /// <paramref name="batchNumber"/> (so a resumed run sees the same batches as an uninterrupted one), each with the
    /// next character as every step's class.
    /// </summary>
    public void FillBatch(int batchNumber, Span<int> tokens, Span<int> nextTokens, int batchSize, int steps)
    {
        var random = new Random(batchNumber);
        for (int row = 0; row < batchSize; row++)
        {
            int start = random.Next(_trainingLength - steps);
            Training.Slice(start, steps).CopyTo(tokens.Slice(row * steps, steps));
            Training.Slice(start + 1, steps).CopyTo(nextTokens.Slice(row * steps, steps));
        }
    }

    /// <summary>The held-out text cut into consecutive windows of <paramref name="steps"/>: returns how many.</summary>
    public int ValidationWindows(int steps, out int[] tokens, out int[] nextTokens)
    {
        int windows = (Validation.Length - 1) / steps;
        tokens = Validation[..(windows * steps)].ToArray();
        nextTokens = Validation.Slice(1, windows * steps).ToArray();
        return windows;
    }
}
