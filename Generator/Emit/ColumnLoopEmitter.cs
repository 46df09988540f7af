using System.Collections.Generic;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>One gate row of a weight block: the accumulator it feeds and its offset within a stored column.</summary>
internal readonly record struct GateRow(string Accumulator, int Offset);

/// <summary>
/// Emits the heart of every kernel: accumulating W·v over a run of stored weight columns into per-gate
/// registers. Each column broadcasts one input value and multiplies it with the contiguous weights of all
/// gates of the block, so no horizontal sums are needed. Columns are dealt round-robin to
/// <c>chains</c> independent sets of accumulators so that enough fused multiply-adds are in flight to hide
/// their latency; the sets are added up by the caller.
/// </summary>
internal static class ColumnLoopEmitter
{
    public static void Declare(SourceWriter writer, IReadOnlyList<GateRow> rows, int chains, IReadOnlyList<string> firstChainValues)
    {
        for (int row = 0; row < rows.Count; row++)
        {
            writer.Line($"TVector {rows[row].Accumulator}0 = {firstChainValues[row]};");
            for (int chain = 1; chain < chains; chain++)
            {
                writer.Line(Invariant($"TVector {rows[row].Accumulator}{chain} = default;"));
            }
        }
    }

    /// <summary>Accumulates columns [first, first + count) of <c>column</c>, reading their inputs from <paramref name="source"/>[0, count).</summary>
    public static void Emit(SourceWriter writer, string source, int first, int count, int stride, IReadOnlyList<GateRow> rows, int chains)
    {
        int whole = count - (count % chains);
        if (whole > 0)
        {
            using (writer.Open(Invariant($"for (nuint c = 0; c < {whole}; c += {chains})")))
            {
                writer.Line(first == 0
                    ? Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, c * {stride});")
                    : Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, (c + {first}) * {stride});"));
                EmitColumns(writer, source, "c", chains, stride, rows);
            }
        }

        if (whole < count)
        {
            using (writer.Open(whole > 0 ? "// the columns left over by the loop" : "// too few columns for a loop"))
            {
                writer.Line(Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, {(first + whole) * stride});"));
                EmitColumns(writer, source, Invariant($"{whole}"), count - whole, stride, rows);
            }
        }
    }

    /// <summary>
    /// Declares one accumulator per row, stream and chain: chain 0 of each stream starts from the row's value, the
    /// other chains from zero.
    /// </summary>
    public static void DeclareStreams(SourceWriter writer, IReadOnlyList<GateRow> rows, int streams, int chains, IReadOnlyList<string> startValues)
    {
        for (int row = 0; row < rows.Count; row++)
        {
            writer.Line($"TVector {rows[row].Accumulator}Start = {startValues[row]};");
            for (int chain = 0; chain < chains; chain++)
            {
                for (int stream = 0; stream < streams; stream++)
                {
                    writer.Line($"TVector {StreamAccumulator(rows[row].Accumulator, stream, chain)} = {(chain == 0 ? rows[row].Accumulator + "Start" : "default")};");
                }
            }
        }
    }

    /// <summary>
    /// Accumulates columns [first, first + count) of <c>column</c> for several streams, reading stream s's inputs from
    /// <paramref name="source"/>s[0, count): each gate's weights are loaded once and multiplied into every stream's
    /// accumulator. The streams, times <paramref name="chains"/> sets of accumulators that take the columns round-robin,
    /// are the independent chains that hide the multiply-adds' latency.
    /// </summary>
    public static void EmitStreams(SourceWriter writer, string source, int first, int count, int stride, IReadOnlyList<GateRow> rows, int streams, int chains)
    {
        int whole = count - (count % chains);
        if (whole > 0)
        {
            using (writer.Open(Invariant($"for (nuint c = 0; c < {whole}; c += {chains})")))
            {
                writer.Line(first == 0
                    ? Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, c * {stride});")
                    : Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, (c + {first}) * {stride});"));
                StreamColumns(writer, source, "c", chains, stride, rows, streams);
            }
        }

        if (whole < count)
        {
            using (writer.Open(whole > 0 ? "// the columns left over by the loop" : "// too few columns for a loop"))
            {
                writer.Line(Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, {(first + whole) * stride});"));
                StreamColumns(writer, source, Invariant($"{whole}"), count - whole, stride, rows, streams);
            }
        }
    }

    /// <summary>A stream's accumulator of a row: <c>sum2</c> for stream 2's first chain, <c>sum2Chain1</c> for its second.</summary>
    public static string StreamAccumulator(string accumulator, int stream, int chain) =>
        chain == 0 ? Invariant($"{accumulator}{stream}") : Invariant($"{accumulator}{stream}Chain{chain}");

    /// <summary>Adds the chains of a stream's accumulator.</summary>
    public static string StreamSum(string accumulator, int stream, int chains)
    {
        string sum = StreamAccumulator(accumulator, stream, 0);
        for (int chain = 1; chain < chains; chain++)
        {
            sum = $"TLanes.Add({sum}, {StreamAccumulator(accumulator, stream, chain)})";
        }

        return sum;
    }

    private static void StreamColumns(SourceWriter writer, string source, string index, int columns, int stride, IReadOnlyList<GateRow> rows, int streams)
    {
        for (int chain = 0; chain < columns; chain++)
        {
            string at = chain == 0 ? index : Invariant($"{index} + {chain}");
            string suffix = chain == 0 ? string.Empty : Invariant($"Chain{chain}");
            for (int stream = 0; stream < streams; stream++)
            {
                writer.Line(Invariant($"TVector value{stream}{suffix} = TLanes.Broadcast({Types.Unsafe}.Add(ref {source}{stream}, {at}));"));
            }

            foreach (GateRow row in rows)
            {
                writer.Line(Invariant($"TVector {row.Accumulator}Weights{suffix} = TLanes.Load(ref weight, {(chain * stride) + row.Offset});"));
                for (int stream = 0; stream < streams; stream++)
                {
                    string accumulator = StreamAccumulator(row.Accumulator, stream, chain);
                    writer.Line($"{accumulator} = TLanes.MultiplyAdd({row.Accumulator}Weights{suffix}, value{stream}{suffix}, {accumulator});");
                }
            }
        }
    }

    /// <summary>Adds the chains of each accumulator into a local named after the row (without the chain suffix).</summary>
    public static string Sum(string accumulator, int chains)
    {
        string sum = accumulator + "0";
        for (int chain = 1; chain < chains; chain++)
        {
            sum = Invariant($"TLanes.Add({sum}, {accumulator}{chain})");
        }

        return sum;
    }

    private static void EmitColumns(SourceWriter writer, string source, string index, int columns, int stride, IReadOnlyList<GateRow> rows)
    {
        for (int chain = 0; chain < columns; chain++)
        {
            string at = chain == 0 ? index : Invariant($"{index} + {chain}");
            writer.Line(Invariant($"TVector value{chain} = TLanes.Broadcast({Types.Unsafe}.Add(ref {source}, {at}));"));
        }

        for (int chain = 0; chain < columns; chain++)
        {
            foreach (GateRow row in rows)
            {
                string accumulator = Invariant($"{row.Accumulator}{chain}");
                writer.Line(Invariant($"{accumulator} = TLanes.MultiplyAdd(TLanes.Load(ref weight, {(chain * stride) + row.Offset}), value{chain}, {accumulator});"));
            }
        }
    }
}
