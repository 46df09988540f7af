using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// Where each layer of one step finds its temporaries in the per-call scratch buffer: the new hidden vector
/// (h₋₁ must stay intact until a layer is done), the reset-before GRU's gates, and the outputs of Dense
/// layers, which alternate between two regions so a Dense layer never overwrites its own input.
/// </summary>
internal sealed class ScratchPlan
{
    private readonly Dictionary<int, int> _denseOutputs = new();

    public ScratchPlan(ModelSpec spec)
    {
        int newHidden = spec.Layers.Where(layer => layer.IsRecurrent).Max(layer => layer.PaddedSize);
        int gruWork = spec.Layers.Where(layer => layer.Kind == LayerKind.Gru && !layer.ResetAfter).Select(layer => GruLayout.ResetBeforeWorkVectors * layer.PaddedSize).DefaultIfEmpty(0).Max();
        int dense = spec.Layers.Where(layer => layer.Kind == LayerKind.Dense).Select(layer => layer.PaddedSize).DefaultIfEmpty(0).Max();
        GruWorkOffset = newHidden;
        int[] denseRegions = [newHidden + gruWork, newHidden + gruWork + dense];
        int next = 0;
        foreach (LayerModel layer in spec.Layers.Where(layer => layer.Kind == LayerKind.Dense))
        {
            _denseOutputs[layer.Index] = denseRegions[next];
            next ^= 1;
        }

        Length = newHidden + gruWork + (2 * dense);
    }

    public const int NewHiddenOffset = 0;

    public int GruWorkOffset { get; }

    public int Length { get; }

    public int DenseOutputOffset(LayerModel layer) => _denseOutputs[layer.Index];
}
