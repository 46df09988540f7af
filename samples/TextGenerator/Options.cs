using System;
using System.Globalization;
using System.IO;

namespace TextGenerator;

/// <summary>The command line: how long to train, where the checkpoint lives, and how to sample.</summary>
internal sealed record Options
{
    public const string Usage = """
        usage: TextGenerator [options]
          --batches N        train until N batches in all (default 400); a resumed run continues to N
          --checkpoint PATH  checkpoint to resume from and save to (default: text-generator.checkpoint in the temp folder)
          --fresh            ignore an existing checkpoint and start from new weights
          --seed N           sampling seed (default 1)
          --temperature T    > 0; below 1 safer, above 1 wilder (default 0.7)
          --top-k K          sample among the K likeliest characters, 1 to 96 (default 10)
          --length N         characters to write (default 400)
          --prime TEXT       text the model reads before writing (default "The ")
        """;

    public int Batches { get; init; } = 400;

    public string Checkpoint { get; init; } = Path.Combine(Path.GetTempPath(), "text-generator.checkpoint");

    public bool Fresh { get; init; }

    public int Seed { get; init; } = 1;

    public float Temperature { get; init; } = 0.7f;

    public int TopK { get; init; } = 10;

    public int Length { get; init; } = 400;

    public string Prime { get; init; } = "The ";

    /// <summary>Reads the arguments, or returns null and sets <paramref name="error"/> to what is wrong with them.</summary>
    public static Options? Parse(string[] args, out string error)
    {
        var options = new Options();
        error = "";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--fresh")
            {
                options = options with { Fresh = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }

            string value = args[++i];
            Options? next = name switch
            {
                "--batches" when Int(value, 1, int.MaxValue) is int n => options with { Batches = n },
                "--checkpoint" when value.Length > 0 => options with { Checkpoint = value },
                "--seed" when Int(value, int.MinValue, int.MaxValue) is int n => options with { Seed = n },
                "--temperature" when float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float t) && t > 0 && float.IsFinite(t)
                    => options with { Temperature = t },
                "--top-k" when Int(value, 1, Vocabulary.Size) is int k => options with { TopK = k },
                "--length" when Int(value, 0, int.MaxValue) is int n => options with { Length = n },
                "--prime" => options with { Prime = value },
                _ => null,
            };

            if (next is null)
            {
                error = $"{name} {value}: unknown option or value out of range";
                return null;
            }

            options = next;
        }

        int primeLength = Vocabulary.Encode(options.Prime, out int skipped).Length;
        if (skipped > 0 || primeLength == 0)
        {
            error = $"--prime \"{options.Prime}\": needs at least one character, all newline or printable ASCII";
            return null;
        }

        return options;
    }

    private static int? Int(string text, int min, int max)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n : null;
}
