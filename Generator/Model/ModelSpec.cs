using System.Linq;

namespace RnnCodegen.Generator.Model;

/// <summary>Everything the emitters need to write one model: plain values only, compared by value.</summary>
/// <param name="Namespace">The model's namespace, empty for the global namespace.</param>
/// <param name="TypeName">The class name.</param>
/// <param name="ContainingTypes">Declarations of enclosing types, outermost first, e.g. <c>partial class Outer</c>.</param>
/// <param name="InputSize">Declared input size, 0 for a token model.</param>
/// <param name="Layers">The layers in declaration order.</param>
internal sealed record ModelSpec(
    string Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    int InputSize,
    EquatableArray<LayerModel> Layers)
{
    public bool TokenInput => InputSize == 0;

    public LayerModel FirstLayer => Layers[0];

    public LayerModel LastLayer => Layers[Layers.Count - 1];

    public int OutputSize => LastLayer.Size;

    public int StorageLength => (int)(LastLayer.Offset + LastLayer.StorageLength);

    /// <summary>The PyTorch parameter count (no padding).</summary>
    public int ParameterCount
    {
        get
        {
            long count = 0;
            foreach (LayerModel layer in Layers)
            {
                count += layer.Kind switch
                {
                    LayerKind.Embedding => (long)layer.InputSize * layer.Size,
                    LayerKind.Dense => ((long)layer.InputSize + 1) * layer.Size,
                    _ => (layer.Gates * (long)layer.Size * (layer.InputSize + layer.Size + 2)) + (layer.Peepholes ? 3L * layer.Size : 0),
                };
            }

            return (int)count;
        }
    }

    public string HintName => (Namespace.Length == 0 ? string.Empty : Namespace + ".")
        + string.Concat(ContainingTypes.Select(ContainingTypeName)) + TypeName + ".g.cs";

    private static string ContainingTypeName(string declaration) => declaration.Substring(declaration.LastIndexOf(' ') + 1) + ".";
}
