using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace PyTorchInterop;

/// <summary>
/// The CSV files the Python scripts and this sample exchange: a header <c>sequence,step,&lt;values…&gt;</c>, then
/// one row per step, sequence by sequence. Floats are written with 9 significant digits, so a float32 crosses
/// between the languages bit for bit.
/// </summary>
internal sealed class SequenceTable
{
    private readonly string _path;
    private readonly string[] _header;
    private readonly float[][] _rows;

    private SequenceTable(string path, string[] header, float[][] rows, int sequences)
    {
        _path = path;
        _header = header;
        _rows = rows;
        Sequences = sequences;
        Steps = rows.Length / sequences;
    }

    public int Sequences { get; }

    public int Steps { get; }

    /// <summary>Reads a table, checking that every sequence has the same steps in order.</summary>
    public static SequenceTable Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines.Length > 0 ? lines[0].Split(',') : [];
        if (header.Length < 3 || header[0] != "sequence" || header[1] != "step")
        {
            throw new InvalidDataException($"{path}: expected a header 'sequence,step,<values>', found '{lines.FirstOrDefault()}'.");
        }

        var rows = new List<float[]>();
        int steps = 0;
        for (int line = 1; line < lines.Length; line++)
        {
            string[] fields = lines[line].Split(',');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{path} line {line + 1}: expected {header.Length} fields, found {fields.Length}.");
            }

            int sequence = int.Parse(fields[0], CultureInfo.InvariantCulture);
            int step = int.Parse(fields[1], CultureInfo.InvariantCulture);
            steps = sequence == 0 ? step + 1 : steps; // the first sequence sets the length of all
            (int expectedSequence, int expectedStep) = steps > 0 ? Math.DivRem(rows.Count, steps) : (0, 0);
            if (sequence != expectedSequence || step != expectedStep)
            {
                throw new InvalidDataException($"{path} line {line + 1}: expected sequence {expectedSequence} step {expectedStep}, found sequence {sequence} step {step}.");
            }

            rows.Add(fields.Select(field => float.Parse(field, CultureInfo.InvariantCulture)).ToArray());
        }

        if (rows.Count == 0 || rows.Count % steps != 0)
        {
            throw new InvalidDataException($"{path}: expected whole sequences of {steps} steps, found {rows.Count} rows.");
        }

        return new SequenceTable(path, header, [.. rows], rows.Count / steps);
    }

    /// <summary>
    /// The named columns of sequences <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1,
    /// batch-major as the model and the trainer take them: [sequence, step, column].
    /// </summary>
    public float[] Select(int first, int count, params string[] columns)
    {
        int[] indices = [.. columns.Select(IndexOf)];
        float[] values = new float[count * Steps * columns.Length];
        for (int row = 0; row < count * Steps; row++)
        {
            for (int c = 0; c < indices.Length; c++)
            {
                values[(row * indices.Length) + c] = _rows[(first * Steps) + row][indices[c]];
            }
        }

        return values;
    }

    /// <summary>Writes [sequence, step, column] values under the given column names.</summary>
    public static void Write(string path, int sequences, int steps, ReadOnlySpan<float> values, params string[] columns)
    {
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("sequence,step," + string.Join(',', columns));
        for (int row = 0; row < sequences * steps; row++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{row / steps},{row % steps}"));
            foreach (float value in values.Slice(row * columns.Length, columns.Length))
            {
                writer.Write(',');
                writer.Write(value.ToString("G9", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }

    private int IndexOf(string column)
    {
        int index = Array.IndexOf(_header, column, 2);
        return index >= 0 ? index : throw new InvalidDataException($"{_path}: no column '{column}'; the file has {string.Join(", ", _header)}.");
    }
}
