using System;

namespace RnnCodegen.Generator.Emit;

/// <summary>Emits the choice between the Vector256, Vector128 and scalar instantiations of a generic kernel.</summary>
internal static class SimdDispatch
{
    private static readonly (string Lanes, string Vector)[] Paths =
    [
        (Types.Lanes256, $"{Types.Vector256}<float>"),
        (Types.Lanes128, $"{Types.Vector128}<float>"),
        (Types.LanesScalar, "float"),
    ];

    /// <summary>Calls <paramref name="method"/>&lt;TLanes, TVector&gt;(<paramref name="arguments"/>) on the widest accelerated path.</summary>
    public static void Emit(SourceWriter writer, string method, string arguments)
    {
        writer.Line("// IsHardwareAccelerated is a JIT-time constant: only one branch is compiled");
        for (int i = 0; i < Paths.Length; i++)
        {
            string keyword = i switch
            {
                0 => $"if ({Types.Vector256}.IsHardwareAccelerated)",
                1 => $"else if ({Types.Vector128}.IsHardwareAccelerated)",
                _ => "else",
            };
            using (writer.Open(keyword))
            {
                writer.Line($"{method}<{Paths[i].Lanes}, {Paths[i].Vector}>({arguments});");
            }
        }
    }
}
