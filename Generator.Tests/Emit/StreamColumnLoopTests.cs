using System.Linq;
using System.Reflection;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Tests.Infrastructure;
using static System.FormattableString;

namespace RnnCodegen.Generator.Tests.Emit;

/// <summary>
/// Runs the emitted column loop of the tile kernels (scalar lanes, 4 streams) and compares each stream's sums with a
/// plain dot product over its own inputs. Weights outside the requested columns and every stream's inputs past their end
/// are NaN, so a loop that reads a column too many, a gate's weights for another, or one stream's input for another's
/// accumulator poisons or shifts a sum. Odd counts with 2 chains exercise the leftover column, a count of 1 the loop-less form. Small integers keep every product and sum exact.
/// </summary>
public class StreamColumnLoopTests
{
    private const int Stride = 2;
    private const int Padding = 16;
    private const int Streams = 4;
    private static readonly GateRow[] Rows = [new("first", 0), new("second", 1)];
    private static readonly float[] InitialValues = [100f, 200f];

    private static readonly Lazy<Assembly> Probe = new(CompileProbe);

    public static TheoryData<int, int, int> Cases
    {
        get
        {
            var cases = new TheoryData<int, int, int>();
            foreach (int count in new[] { 1, 2, 3, 5, 13 })
            {
                foreach (int chains in new[] { 1, 2 })
                {
                    foreach (int first in new[] { 0, 3 })
                    {
                        cases.Add(count, chains, first);
                    }
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emitted_loop_accumulates_each_streams_own_inputs_over_exactly_the_requested_columns(int count, int chains, int first)
    {
        float[] weights = Enumerable.Repeat(float.NaN, ((first + count) * Stride) + Padding).ToArray();
        float[][] inputs = [.. Enumerable.Range(0, Streams).Select(_ => Enumerable.Repeat(float.NaN, count + Padding).ToArray())];
        for (int k = 0; k < count; k++)
        {
            for (int stream = 0; stream < Streams; stream++)
            {
                inputs[stream][k] = k + (5 * stream) + 2;
            }

            for (int row = 0; row < Rows.Length; row++)
            {
                weights[((first + k) * Stride) + Rows[row].Offset] = (3 * k) + row + 1;
            }
        }

        var run = Probe.Value.GetType("Probe")!.GetMethod(MethodName(count, chains, first))!.CreateDelegate<Func<float[], float[], float[], float[], float[], float[]>>();
        float[] sums = run(weights, inputs[0], inputs[1], inputs[2], inputs[3]);

        for (int stream = 0; stream < Streams; stream++)
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

    private static string MethodName(int count, int chains, int first) => Invariant($"Run_{count}_{chains}_{first}");

    /// <summary>One class with a method per case, each wrapping the emitted loop as a tile kernel would.</summary>
    private static Assembly CompileProbe()
    {
        var writer = new SourceWriter();
        writer.Line("using System.Runtime.CompilerServices;");
        writer.Line("using RnnCodegen.Internals;");
        using (writer.Open("internal static class Probe"))
        {
            foreach (object[] arguments in Cases)
            {
                (int count, int chains, int first) = ((int)arguments[0], (int)arguments[1], (int)arguments[2]);
                string name = MethodName(count, chains, first);
                using (writer.Open($"public static float[] {name}(float[] weights, float[] input0, float[] input1, float[] input2, float[] input3)"))
                {
                    writer.Line(Invariant($"float[] sums = new float[{Streams * Rows.Length}];"));
                    writer.Line($"{name}<LanesScalar, float>(ref weights[0], ref input0[0], ref input1[0], ref input2[0], ref input3[0], ref sums[0]);");
                    writer.Line("return sums;");
                }

                using (writer.Open($"private static void {name}<TLanes, TVector>(ref float column, ref float input0, ref float input1, ref float input2, ref float input3, ref float sums) where TLanes : struct, ILanes<TVector> where TVector : struct"))
                {
                    ColumnLoopEmitter.DeclareStreams(writer, Rows, Streams, chains, [.. InitialValues.Select(value => Invariant($"TLanes.Broadcast({value}f)"))]);
                    ColumnLoopEmitter.EmitStreams(writer, "input", first, count, Stride, Rows, Streams, chains);
                    for (int stream = 0; stream < Streams; stream++)
                    {
                        for (int row = 0; row < Rows.Length; row++)
                        {
                            writer.Line(Invariant($"TLanes.Store({ColumnLoopEmitter.StreamSum(Rows[row].Accumulator, stream, chains)}, ref sums, {(stream * Rows.Length) + row});"));
                        }
                    }
                }
            }
        }

        return ProbeAssembly.Compile(writer.ToString(), "StreamColumnLoopProbe");
    }
}
