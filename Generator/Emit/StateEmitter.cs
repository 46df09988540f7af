using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>Emits the fixed-size value types that hold a stream's state and a step's temporaries: no heap, no bounds.</summary>
internal static class StateEmitter
{
    public static string HiddenField(LayerModel layer) => Invariant($"Layer{layer.Index}Hidden");

    public static string CellField(LayerModel layer) => Invariant($"Layer{layer.Index}Cell");

    public static void Emit(SourceWriter writer, ModelSpec spec, ScratchPlan scratch)
    {
        writer.Line("/// <summary>");
        writer.Line("/// The recurrent state of one stream: the hidden vector (and an LSTM's cell vector) of every recurrent layer.");
        writer.Line("/// <c>default</c> is the zero state every sequence starts from; copy it to fork a stream.");
        writer.Line("/// </summary>");
        using (writer.Open("public struct State"))
        {
            foreach (LayerModel layer in spec.Layers.Where(layer => layer.IsRecurrent))
            {
                writer.Line(Invariant($"internal {BufferType(layer.PaddedSize)} {HiddenField(layer)};"));
                if (layer.Kind == LayerKind.Lstm)
                {
                    writer.Line(Invariant($"internal {BufferType(layer.PaddedSize)} {CellField(layer)};"));
                }
            }
        }

        writer.Line();
        writer.Line("/// <summary>Temporaries of one step (new hidden vectors, gates, Dense outputs), kept on the stack.</summary>");
        writer.Line(Invariant($"[{Types.InlineArray}({scratch.Length})]"));
        using (writer.Open("private struct Scratch"))
        {
            writer.Line("private float _element0;");
        }

        IEnumerable<int> sizes = spec.Layers.Where(layer => layer.IsRecurrent).Select(layer => layer.PaddedSize).Distinct().OrderBy(size => size);
        foreach (int size in sizes)
        {
            writer.Line();
            writer.Line(Invariant($"/// <summary>{size} floats stored inline.</summary>"));
            writer.Line(Invariant($"[{Types.InlineArray}({size})]"));
            using (writer.Open(Invariant($"internal struct {BufferType(size)}")))
            {
                writer.Line("private float _element0;");
            }
        }
    }

    private static string BufferType(int size) => Invariant($"Floats{size}");
}
