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
/// </summary>
public class ColumnLoopEmitterTests
{
    private const int Stride = 2;
    private const int Padding = 16;
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

    private static string MethodName(int count, int chains, int first) => Invariant($"Run_{count}_{chains}_{first}");

    /// <summary>One class with a method per case, each wrapping the emitted loop as a kernel would.</summary>
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
        }

        return ProbeAssembly.Compile(writer.ToString(), "ColumnLoopProbe");
    }
}
