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

    /// <summary>Declares one accumulator per row and stream, each stream's starting from the row's value.</summary>
    public static void DeclareStreams(SourceWriter writer, IReadOnlyList<GateRow> rows, int streams, IReadOnlyList<string> startValues)
    {
        for (int row = 0; row < rows.Count; row++)
        {
            writer.Line($"TVector {rows[row].Accumulator}Start = {startValues[row]};");
            for (int stream = 0; stream < streams; stream++)
            {
                writer.Line(Invariant($"TVector {rows[row].Accumulator}{stream} = {rows[row].Accumulator}Start;"));
            }
        }
    }

    /// <summary>
    /// Accumulates columns [first, first + count) of <c>column</c> for several streams, reading stream s's inputs from
    /// <paramref name="source"/>s[0, count): each gate's weights are loaded once and multiplied into every stream's
    /// accumulator. The streams are the independent chains that hide the multiply-adds' latency.
    /// </summary>
    public static void EmitStreams(SourceWriter writer, string source, int first, int count, int stride, IReadOnlyList<GateRow> rows, int streams)
    {
        using (writer.Open(Invariant($"for (nuint c = 0; c < {count}; c++)")))
        {
            writer.Line(first == 0
                ? Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, c * {stride});")
                : Invariant($"ref float weight = ref {Types.Unsafe}.Add(ref column, (c + {first}) * {stride});"));
            for (int stream = 0; stream < streams; stream++)
            {
                writer.Line(Invariant($"TVector value{stream} = TLanes.Broadcast({Types.Unsafe}.Add(ref {source}{stream}, c));"));
            }

            foreach (GateRow row in rows)
            {
                writer.Line(Invariant($"TVector {row.Accumulator}Weights = TLanes.Load(ref weight, {row.Offset});"));
                for (int stream = 0; stream < streams; stream++)
                {
                    string accumulator = Invariant($"{row.Accumulator}{stream}");
                    writer.Line($"{accumulator} = TLanes.MultiplyAdd({row.Accumulator}Weights, value{stream}, {accumulator});");
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
