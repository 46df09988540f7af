using System.Collections.Generic;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>One gate row of a weight block: the accumulator it feeds and its offset within a stored column.</summary>
internal readonly record struct GateRow(string Accumulator, int Offset);

/// <summary>
/// Emits the heart of every kernel: accumulating W·v over a run of stored weight columns into per-gate
/// registers, for one stream (a step kernel) or several (a tile kernel). Each column broadcasts one input value per
/// stream and multiplies it with the contiguous weights of all gates of the block, so no horizontal sums are needed;
/// with several streams each weight vector is loaded once and multiplied into every stream's accumulator. Columns are
/// dealt round-robin to <c>chains</c> sets of accumulators per stream, so that the streams times the chains keep
/// enough fused multiply-adds in flight to hide their latency; <see cref="Sum(string, int, int)"/> adds the sets up.
/// </summary>
/// <remarks>
/// Names: stream s's accumulator of a row is <c>{row}{s}</c> for the first chain and <c>{row}{s}Chain{k}</c> for
/// chain k (a step kernel has only stream 0: <c>inputGate0</c>, <c>inputGate0Chain1</c>).
/// </remarks>
internal static class ColumnLoopEmitter
{
    /// <summary>
    /// Declares one accumulator per row, stream and chain: chain 0 of every stream starts from the row's value, the
    /// other chains from zero. A value shared by several streams is computed once, into <c>{row}Start</c>.
    /// </summary>
    public static void Declare(SourceWriter writer, IReadOnlyList<GateRow> rows, int streams, int chains, IReadOnlyList<string> startValues)
    {
        string example = rows[0].Accumulator;
        if (chains > 1)
        {
            string last = Accumulator(example, streams - 1, chains - 1);
            string chainNames = chains == 2 ? $"{example}0 and {last}" : $"{example}0, {example}0Chain1 … {last}";
            writer.Line(streams == 1
                ? Invariant($"// {chains} sets of accumulators take the columns in turn ({chainNames}); the sets after the first start at zero")
                : Invariant($"// {chains} sets of accumulators per row and stream take the columns in turn ({example}0, {example}0Chain1 … {last}); the sets after the first start at zero"));
        }
        else if (streams > 1)
        {
            writer.Line(Invariant($"// one accumulator per row and stream ({example}0 … {Accumulator(example, streams - 1, 0)})"));
        }

        for (int row = 0; row < rows.Count; row++)
        {
            string start = startValues[row];
            if (streams > 1)
            {
                writer.Line($"TVector {rows[row].Accumulator}Start = {start};");
                start = rows[row].Accumulator + "Start";
            }

            for (int chain = 0; chain < chains; chain++)
            {
                for (int stream = 0; stream < streams; stream++)
                {
                    writer.Line($"TVector {Accumulator(rows[row].Accumulator, stream, chain)} = {(chain == 0 ? start : "default")};");
                }
            }
        }
    }

    /// <summary>
    /// Accumulates columns [first, first + count) of <c>column</c> for one stream per entry of <paramref name="sources"/>,
    /// stream s reading its inputs from <paramref name="sources"/>[s][0, count).
    /// </summary>
    public static void Emit(SourceWriter writer, IReadOnlyList<string> sources, int first, int count, int stride, IReadOnlyList<GateRow> rows, int chains)
    {
        int whole = count - (count % chains);
        if (whole > 0)
        {
            using (writer.Open(Invariant($"for (nuint c = 0; c < {whole}; c += {chains})")))
            {
                writer.Line(first == 0
                    ? Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, c * {stride});")
                    : Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, (c + {first}) * {stride});"));
                EmitColumns(writer, sources, "c", chains, stride, rows);
            }
        }

        if (whole < count)
        {
            using (writer.Open(whole > 0 ? "// the columns left over by the loop" : "// too few columns for a loop"))
            {
                writer.Line(Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, {(first + whole) * stride});"));
                EmitColumns(writer, sources, Invariant($"{whole}"), count - whole, stride, rows);
            }
        }
    }

    /// <summary>Stream <paramref name="stream"/>'s accumulator of a row, in chain <paramref name="chain"/>.</summary>
    public static string Accumulator(string accumulator, int stream, int chain) =>
        chain == 0 ? Invariant($"{accumulator}{stream}") : Invariant($"{accumulator}{stream}Chain{chain}");

    /// <summary>Adds the chains of stream <paramref name="stream"/>'s accumulator of a row.</summary>
    public static string Sum(string accumulator, int stream, int chains)
    {
        string sum = Accumulator(accumulator, stream, 0);
        for (int chain = 1; chain < chains; chain++)
        {
            sum = $"TLanes.Add({sum}, {Accumulator(accumulator, stream, chain)})";
        }

        return sum;
    }

    /// <summary>Adds the chains of a step kernel's accumulator of a row (its one stream is stream 0).</summary>
    public static string Sum(string accumulator, int chains) => Sum(accumulator, 0, chains);

    private static void EmitColumns(SourceWriter writer, IReadOnlyList<string> sources, string index, int columns, int stride, IReadOnlyList<GateRow> rows)
    {
        bool shared = sources.Count > 1;
        for (int chain = 0; chain < columns; chain++)
        {
            string at = chain == 0 ? index : Invariant($"{index} + {chain}");
            string suffix = chain == 0 ? string.Empty : Invariant($"Chain{chain}");
            for (int stream = 0; stream < sources.Count; stream++)
            {
                writer.Line(Invariant($"TVector value{stream}{suffix} = TLanes.Broadcast({Types.Unsafe}.Add(ref {sources[stream]}, {at}));"));
            }

            foreach (GateRow row in rows)
            {
                // a weight vector several streams multiply is loaded once, into a local; one stream's load stays inline
                string load = Invariant($"TLanes.Load(ref weight, {(chain * stride) + row.Offset})");
                string weights = load;
                if (shared)
                {
                    weights = $"{row.Accumulator}Weights{suffix}";
                    writer.Line($"TVector {weights} = {load};");
                }

                for (int stream = 0; stream < sources.Count; stream++)
                {
                    string accumulator = Accumulator(row.Accumulator, stream, chain);
                    writer.Line($"{accumulator} = TLanes.MultiplyAdd({weights}, value{stream}{suffix}, {accumulator});");
                }
            }
        }
    }
}
