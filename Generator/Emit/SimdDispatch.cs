using System;

namespace RnnCodegen.Generator.Emit;

/// <summary>Emits the choice between the Vector256, Vector128 and scalar instantiations of a generic kernel.</summary>
internal static class SimdDispatch
{
    private static readonly (string Lanes, string Vector)[] Paths =
    [
        ("Lanes256", "Vector256<float>"),
        ("Lanes128", "Vector128<float>"),
        ("LanesScalar", "float"),
    ];

    /// <summary>Calls <paramref name="method"/>&lt;TLanes, TVector&gt;(<paramref name="arguments"/>) on the widest accelerated path.</summary>
    public static void Emit(SourceWriter writer, string method, string arguments)
    {
        writer.Line("// IsHardwareAccelerated is a JIT-time constant: only one branch is compiled");
        for (int i = 0; i < Paths.Length; i++)
        {
            string keyword = i switch
            {
                0 => "if (Vector256.IsHardwareAccelerated)",
                1 => "else if (Vector128.IsHardwareAccelerated)",
                _ => "else",
            };
            using (writer.Open(keyword))
            {
                writer.Line($"{method}<{Paths[i].Lanes}, {Paths[i].Vector}>({arguments});");
            }
        }
    }
}
