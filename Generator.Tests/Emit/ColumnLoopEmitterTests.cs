using System.Linq;
using System.Reflection;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Tests.Infrastructure;
using static System.FormattableString;

namespace RnnCodegen.Generator.Tests.Emit;

/// <summary>
/// Runs the emitted column loops (scalar lanes) and compares them with a plain dot product, for one stream (a step
/// kernel) and for 4 (a tile kernel), each stream with its own inputs. Odd column counts exercise the leftover block,
/// counts below the chain count the loop-less form, and a non-zero first column the offset into the hidden part of a
/// weight matrix. Weights outside the requested columns and inputs past their end are NaN, so a loop that reads a
/// column too many, one of another gate, or another stream's input, poisons its sum; small integers keep every
/// product and sum exact.
/// </summary>
public class ColumnLoopEmitterTests
{
    private const int Stride = 2;
    private const int Padding = 16;
    private static readonly GateRow[] Rows = [new("first", 0), new("second", 1)];
    private static readonly float[] InitialValues = [100f, 200f];

    private static readonly Lazy<Assembly> Probe = new(CompileProbe);

    public static TheoryData<int, int, int, int> Cases
    {
        get
        {
            var cases = new TheoryData<int, int, int, int>();
            foreach (int streams in new[] { 1, 4 })
            {
                foreach (int count in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 13 })
                {
                    foreach (int chains in new[] { 1, 2, 4 })
                    {
                        foreach (int first in new[] { 0, 3 })
                        {
                            cases.Add(streams, count, chains, first);
                        }
                    }
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emitted_loop_accumulates_each_streams_own_inputs_over_exactly_the_requested_columns(int streams, int count, int chains, int first)
    {
        float[] weights = Enumerable.Repeat(float.NaN, ((first + count) * Stride) + Padding).ToArray();
        float[][] inputs = [.. Enumerable.Range(0, streams).Select(_ => Enumerable.Repeat(float.NaN, count + Padding).ToArray())];
        for (int k = 0; k < count; k++)
        {
            for (int stream = 0; stream < streams; stream++)
            {
                inputs[stream][k] = k + (5 * stream) + 2;
            }

            for (int row = 0; row < Rows.Length; row++)
            {
                weights[((first + k) * Stride) + Rows[row].Offset] = (3 * k) + row + 1;
            }
        }

        var run = Probe.Value.GetType("Probe")!.GetMethod(MethodName(streams, count, chains, first))!.CreateDelegate<Func<float[], float[][], float[]>>();
        float[] sums = run(weights, inputs);

        for (int stream = 0; stream < streams; stream++)
        {
            for (int row = 0; row < Rows.Length; row++)
            {
                float expected = InitialValues[row];
                for (int k = 0; k < count; k++)
                {
                    expected += weights[((first + k) * Stride) + Rows[row].Offset] * inputs[stream][k];
                }

                Assert.Equal(expected, sums[(stream * Rows.Length) + row]);
            }
        }
    }

    private static string MethodName(int streams, int count, int chains, int first) => Invariant($"Run_{streams}_{count}_{chains}_{first}");

    /// <summary>One class with a method per case, each wrapping the emitted loop as a kernel (or a tile kernel) would.</summary>
    private static Assembly CompileProbe()
    {
        var writer = new SourceWriter();
        writer.Line("using System.Runtime.CompilerServices;");
        writer.Line("using RnnCodegen.Internals;");
        using (writer.Open("internal static class Probe"))
        {
            foreach (object[] arguments in Cases)
            {
                (int streams, int count, int chains, int first) = ((int)arguments[0], (int)arguments[1], (int)arguments[2], (int)arguments[3]);
                string name = MethodName(streams, count, chains, first);
                string[] sources = [.. Enumerable.Range(0, streams).Select(stream => Invariant($"input{stream}"))];
                using (writer.Open($"public static float[] {name}(float[] weights, float[][] inputs)"))
                {
                    writer.Line(Invariant($"float[] sums = new float[{streams * Rows.Length}];"));
                    string references = string.Concat(Enumerable.Range(0, streams).Select(stream => Invariant($"ref inputs[{stream}][0], ")));
                    writer.Line($"{name}<LanesScalar, float>(ref weights[0], {references}ref sums[0]);");
                    writer.Line("return sums;");
                }

                string parameters = string.Concat(sources.Select(source => $"ref float {source}, "));
                using (writer.Open($"private static void {name}<TLanes, TVector>(ref float column, {parameters}ref float sums) where TLanes : struct, ILanes<TVector> where TVector : struct"))
                {
                    ColumnLoopEmitter.Declare(writer, Rows, streams, chains, [.. InitialValues.Select(value => Invariant($"TLanes.Broadcast({value}f)"))]);
                    ColumnLoopEmitter.Emit(writer, sources, first, count, Stride, Rows, chains);
                    for (int stream = 0; stream < streams; stream++)
                    {
                        for (int row = 0; row < Rows.Length; row++)
                        {
                            writer.Line(Invariant($"TLanes.Store({ColumnLoopEmitter.Sum(Rows[row].Accumulator, stream, chains)}, ref sums, {(stream * Rows.Length) + row});"));
                        }
                    }
                }
            }
        }

        return ProbeAssembly.Compile(writer.ToString(), "ColumnLoopProbe");
    }
}
