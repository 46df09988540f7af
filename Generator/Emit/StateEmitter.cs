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
        writer.Line(spec.Layers.Any(layer => layer.Kind == LayerKind.Lstm)
            ? "/// <see cref=\"Hidden\"/> and <see cref=\"Cell\"/> read and write one layer's vectors."
            : "/// <see cref=\"Hidden\"/> reads and writes one layer's hidden vector.");
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

            EmitAccessors(writer, spec);
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

    /// <summary>
    /// Spans over a layer's hidden or cell buffer, exactly as long as the layer's real units: the kernels rely on the
    /// padding units staying zero, and a span that ends at the last real unit cannot write them.
    /// </summary>
    private static void EmitAccessors(SourceWriter writer, ModelSpec spec)
    {
        LayerModel[] recurrent = [.. spec.Layers.Where(layer => layer.IsRecurrent)];
        LayerModel[] lstms = [.. recurrent.Where(layer => layer.Kind == LayerKind.Lstm)];
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The hidden vector h of recurrent layer <paramref name=\"layer\"/>, as many floats as the layer has units: read it as a");
        writer.Line("/// sequence encoder's output, or write it to start from an initial state (PyTorch's <c>h0</c>; for an");
        writer.Line("/// <c>nn.LSTM/GRU/RNN(num_layers=N)</c> covering declared layers k..k+N-1, <c>h0[j, 0]</c> goes to layer k + j).");
        writer.Line("/// </summary>");
        writer.Line(Invariant($"/// <param name=\"layer\">The layer's index among the layer attributes: {Indices(recurrent)}.</param>"));
        writer.Line($"/// <exception cref=\"{Types.ArgumentOutOfRangeException}\"><paramref name=\"layer\"/> is not a recurrent layer.</exception>");
        EmitAccessor(writer, "Hidden", recurrent, HiddenField, Invariant($"has no hidden state; the recurrent layers are {Indices(recurrent)}."));
        if (lstms.Length == 0)
        {
            return;
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The cell vector c of LSTM layer <paramref name=\"layer\"/>, as many floats as the layer has units: read it, or write");
        writer.Line("/// it to start from PyTorch's <c>c0</c> (<c>c0[j, 0]</c> of a stacked nn.LSTM goes to its j-th declared layer).");
        writer.Line("/// </summary>");
        writer.Line(Invariant($"/// <param name=\"layer\">The layer's index among the layer attributes: {Indices(lstms)}.</param>"));
        writer.Line($"/// <exception cref=\"{Types.ArgumentOutOfRangeException}\"><paramref name=\"layer\"/> is not an LSTM layer.</exception>");
        EmitAccessor(writer, "Cell", lstms, CellField, Invariant($"has no cell state; the LSTM layers are {Indices(lstms)}."));
    }

    private static void EmitAccessor(SourceWriter writer, string name, LayerModel[] layers, System.Func<LayerModel, string> field, string refusal)
    {
        writer.Line($"[{Types.UnscopedRef}]");
        writer.Line(Invariant($"public {Types.Span}<float> {name}(int layer) => layer switch"));
        writer.Line("{");
        foreach (LayerModel layer in layers)
        {
            writer.Line(Invariant($"    {layer.Index} => {Types.MemoryMarshal}.CreateSpan(ref {field(layer)}[0], {layer.Size}),"));
        }

        writer.Line(Invariant($"    _ => throw new {Types.ArgumentOutOfRangeException}(nameof(layer), layer, \"Layer \" + layer + \" {refusal}\"),"));
        writer.Line("};");
    }

    private static string Indices(IEnumerable<LayerModel> layers) =>
        string.Join(", ", layers.Select(layer => Invariant($"{layer.Index} ({layer.Title})")));

    private static string BufferType(int size) => Invariant($"Floats{size}");
}
