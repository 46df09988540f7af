using System.Linq;
using System.Reflection;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Tests.Infrastructure;
using static System.FormattableString;

namespace RnnCodegen.Generator.Tests.Emit;

/// <summary>
/// Runs the emitted column loops (scalar lanes) and compares them with a plain dot product. Odd column counts
/// exercise the leftover block, counts below the chain count the loop-less form, and a non-zero first column
/// the offset into the hidden part of a weight matrix. Weights outside the requested columns and inputs past
/// their end are NaN, so a loop that reads a column too many, or one of another gate, poisons its sum.
/// The tile kernels' loop runs for 4 streams, each with its own NaN-padded inputs, so one stream's input in another's
/// accumulator also shows; small integers keep every product and sum exact.
/// </summary>
public class ColumnLoopEmitterTests
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
            foreach (int count in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 13 })
            {
                foreach (int chains in new[] { 1, 2, 4 })
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
    public void Emitted_loop_accumulates_exactly_the_requested_columns(int count, int chains, int first)
    {
        float[] weights = Enumerable.Repeat(float.NaN, ((first + count) * Stride) + Padding).ToArray();
        float[] inputs = Enumerable.Repeat(float.NaN, count + Padding).ToArray();
        for (int k = 0; k < count; k++)
        {
            inputs[k] = k + 2;
            for (int row = 0; row < Rows.Length; row++)
            {
                weights[((first + k) * Stride) + Rows[row].Offset] = (3 * k) + row + 1;
            }
        }

        var run = Probe.Value.GetType("Probe")!.GetMethod(MethodName(count, chains, first))!.CreateDelegate<Func<float[], float[], float[]>>();
        float[] sums = run(weights, inputs);

        for (int row = 0; row < Rows.Length; row++)
        {
            float expected = InitialValues[row];
            for (int k = 0; k < count; k++)
            {
                expected += weights[((first + k) * Stride) + Rows[row].Offset] * inputs[k];
            }

            Assert.Equal(expected, sums[row]);
        }
    }

    public static TheoryData<int, int, int> StreamCases
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
    [MemberData(nameof(StreamCases))]
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

        var run = Probe.Value.GetType("Probe")!.GetMethod(StreamMethodName(count, chains, first))!.CreateDelegate<Func<float[], float[], float[], float[], float[], float[]>>();
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

    private static string StreamMethodName(int count, int chains, int first) => Invariant($"RunStreams_{count}_{chains}_{first}");

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
                (int count, int chains, int first) = ((int)arguments[0], (int)arguments[1], (int)arguments[2]);
                string name = MethodName(count, chains, first);
                using (writer.Open($"public static float[] {name}(float[] weights, float[] inputs)"))
                {
                    writer.Line("float[] sums = new float[2];");
                    writer.Line($"{name}<LanesScalar, float>(ref weights[0], ref inputs[0], ref sums[0]);");
                    writer.Line("return sums;");
                }

                using (writer.Open($"private static void {name}<TLanes, TVector>(ref float column, ref float source, ref float sums) where TLanes : struct, ILanes<TVector> where TVector : struct"))
                {
                    ColumnLoopEmitter.Declare(writer, Rows, chains, InitialValues.Select(value => Invariant($"TLanes.Broadcast({value}f)")).ToArray());
                    ColumnLoopEmitter.Emit(writer, "source", first, count, Stride, Rows, chains);
                    for (int row = 0; row < Rows.Length; row++)
                    {
                        writer.Line(Invariant($"TLanes.Store({ColumnLoopEmitter.Sum(Rows[row].Accumulator, chains)}, ref sums, {row});"));
                    }
                }
            }

            foreach (object[] arguments in StreamCases)
            {
                (int count, int chains, int first) = ((int)arguments[0], (int)arguments[1], (int)arguments[2]);
                string name = StreamMethodName(count, chains, first);
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

        return ProbeAssembly.Compile(writer.ToString(), "ColumnLoopProbe");
    }
}
