using System.Collections.Generic;
using System.Linq;
using System.Text;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// The part of an import error that lets a user see the mismatch at a glance: the tensors the file holds (name and
/// shape) beside the layers and tensors the declaration needs.
/// </summary>
internal static class StateDictListing
{
    /// <summary>File tensors listed before the rest is counted, so a huge forged header cannot make a huge message.</summary>
    private const int TensorsListed = 40;

    public static string Describe(ModelDescriptor model, IReadOnlyList<SafetensorsTensorInfo> inFile)
    {
        var text = new StringBuilder();
        text.Append(" The file holds ").Append(inFile.Count).Append(inFile.Count == 1 ? " tensor: " : " tensors: ");
        text.AppendJoin(", ", inFile.OrderBy(tensor => tensor.Name, System.StringComparer.Ordinal).Take(TensorsListed).Select(tensor => $"{tensor.Name} {tensor.ShapeText}"));
        if (inFile.Count > TensorsListed)
        {
            text.Append(" and ").Append(inFile.Count - TensorsListed).Append(" more");
        }

        text.Append(". '").Append(model.Signature).Append("' needs, in declared order: ");
        text.AppendJoin("; ", model.Layers.Select(layer => $"layer {layer.Index} {layer.Signature}: "
            + string.Join(", ", layer.Tensors.Select(tensor => $"{tensor.Name[(tensor.Name.LastIndexOf('.') + 1)..]} {tensor.ShapeText}"))));
        text.Append('.');
        return text.ToString();
    }
}
