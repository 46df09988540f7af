using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Model;
using RnnCodegen.Internals;
using static System.FormattableString;

namespace RnnCodegen.Generator.Emit;

/// <summary>
/// The kernels of the batched step: one time step of <see cref="TileStreams"/> streams at once, each weight vector
/// loaded once and multiplied into every stream's accumulators, so the weights stream from cache once per tile instead
/// of once per stream. They share the step kernels' column loops and element-wise parts, with the streams' buffers
/// suffixed 0 … 3. Like the step kernels they are generic over the tape: serving runs them with NoTape, and the
/// training forward pass advances 4 rows of a batch in lock-step with them, recording each row's tape.
/// </summary>
internal static partial class ForwardKernelEmitter
{
    /// <summary>Streams per tile: with 4 gates (LSTM; reset-after GRU with n's two parts), 4 × 4 accumulators plus the 4 broadcast inputs stay in registers.</summary>
    public const int TileStreams = 4;

    /// <summary>
    /// Independent accumulators a tile keeps per row of weights (two FMA units × four cycles of latency): 4 streams are
    /// enough for kernels with several gate rows; a kernel with one row (SimpleRnn, Dense, the reset-before GRU's W_hn
    /// pass) gives each stream 2 sets of accumulators.
    /// </summary>
    private const int TileAccumulatorsInFlight = 8;

    /// <summary>The suffixes of a tile's streams' buffers and locals: input0 … input3.</summary>
    private static readonly string[] TileSuffixes = [.. Enumerable.Range(0, TileStreams).Select(stream => Invariant($"{stream}"))];

    /// <summary>Whether the layer has a tile kernel: every kind but the Embedding, whose output is a row of its table.</summary>
    public static bool HasTileKernel(LayerModel layer) => layer.Kind != LayerKind.Embedding;

    /// <summary>The tile kernel instantiated for a vector width and, if it records anything, for <paramref name="tape"/>.</summary>
    public static string TileMethod(LayerModel layer, string tape) =>
        KernelName(layer) + "Streams" + (TapeParameters(layer).Length == 0 ? "<TLanes, TVector>" : $"<TLanes, TVector, {tape}>");

    /// <summary>The suffix of stream <paramref name="stream"/>'s buffers in a tile kernel's parameters.</summary>
    public static string TileSuffix(int stream) => TileSuffixes[stream];

    /// <summary>Emits the layer's tile kernel, if it has one.</summary>
    public static void EmitTile(SourceWriter writer, LayerModel layer)
    {
        switch (layer.Kind)
        {
            case LayerKind.SimpleRnn:
                EmitRecurrentTile(writer, layer, SumRow.Length, (chains, streams) => SimpleRnnColumns(writer, layer, chains, streams), (sum, stream) => writer.Line(SimpleRnnStore(layer, sum("sum"), stream)));
                break;
            case LayerKind.Lstm:
                EmitRecurrentTile(writer, layer, LstmRows.Length, (chains, streams) => LstmColumns(writer, layer, chains, streams), (sum, stream) =>
                {
                    LstmUnits(writer, layer, sum, stream);
                    Record(writer, StepPart.Whole, LstmRows, stream);
                });
                break;
            case LayerKind.Gru when layer.ResetAfter:
                EmitRecurrentTile(writer, layer, GruLayout.Gates + 1, (chains, streams) => GruResetAfterColumns(writer, layer, chains, streams), (sum, stream) =>
                {
                    GruResetAfterUnits(writer, sum, stream);
                    RecordGruResetAfter(writer, StepPart.Whole, stream);
                });
                break;
            case LayerKind.Gru:
                EmitGruResetBeforeTile(writer, layer);
                break;
            case LayerKind.Dense:
                EmitDenseTile(writer, layer);
                break;
            default:
                // An Embedding needs no kernel: its output is a row of the table.
                break;
        }
    }

    /// <summary>Accumulator sets per stream for a tile kernel whose column loop feeds <paramref name="rows"/> rows.</summary>
    private static int TileChains(int rows) => (TileAccumulatorsInFlight + (rows * TileStreams) - 1) / (rows * TileStreams);

    /// <summary>
    /// A recurrent tile in one pass over the blocks: the kind's column loop for all streams (<paramref name="columns"/>,
    /// over <paramref name="rows"/> accumulated rows; the reset-after GRU keeps n's two parts apart, so 4), then its element-wise part stream by stream (<paramref name="units"/>).
    /// </summary>
    private static void EmitRecurrentTile(SourceWriter writer, LayerModel layer, int rows, System.Action<int, string[]> columns, System.Action<System.Func<string, string>, string> units)
    {
        int chains = TileChains(rows);
        TileSummary(writer, layer);
        using (writer.Open(TileSignature(layer)))
        {
            BiasAndWeightRefs(writer, layer);
            using (BlockLoops(writer, layer))
            {
                columns(chains, TileSuffixes);
                EachStream(writer, chains, units);
            }
        }
    }

    /// <summary>
    /// The reset-before GRU's tile, in the step kernel's two passes: r, z and W_in x + b_in of every block for all
    /// streams, then W_hn (r ⊙ h₋₁) + b_hn, n and h; each stream keeps its first pass's results in its own work buffer.
    /// </summary>
    private static void EmitGruResetBeforeTile(SourceWriter writer, LayerModel layer)
    {
        TileSummary(writer, layer);
        using (writer.Open(TileSignature(layer)))
        {
            BiasAndWeightRefs(writer, layer);
            writer.Line("// W_hn needs r ⊙ h₋₁ of every unit, so r and z are finished for all blocks first");
            foreach (string stream in TileSuffixes)
            {
                GruWork(writer, layer, stream);
            }

            int gateChains = TileChains(GruLayout.Gates);
            using (BlockLoops(writer, layer))
            {
                GruResetBeforeColumns(writer, layer, gateChains, TileSuffixes);
                EachStream(writer, gateChains, (sum, stream) =>
                {
                    GruResetBeforeGates(writer, sum, stream);
                    Record(writer, StepPart.Whole, [Reset, Update], stream);
                });
            }

            int candidateChains = TileChains(1);
            using (BlockLoops(writer, layer))
            {
                GruCandidateHiddenColumns(writer, layer, TileSuffixes, candidateChains);
                EachStream(writer, candidateChains, (sum, stream) =>
                {
                    GruResetBeforeUnits(writer, sum, stream);
                    Record(writer, StepPart.Whole, [Candidate], stream);
                });
            }
        }
    }

    private static void EmitDenseTile(SourceWriter writer, LayerModel layer)
    {
        int chains = TileChains(SumRow.Length);
        TileSummary(writer, layer);
        using (writer.Open(TileSignature(layer)))
        {
            DenseRefs(writer, layer);
            using (BlockLoops(writer, layer))
            {
                DenseColumns(writer, layer, chains, TileSuffixes);
                EachStream(writer, chains, (sum, stream) => DenseUnits(writer, layer, sum("sum"), stream));
            }

            if (layer.Activation == Activation.Softmax)
            {
                foreach (string stream in TileSuffixes)
                {
                    writer.Line(Invariant($"{Types.Softmax}.InPlace(ref output{stream}, {layer.Size});"));
                }
            }
        }
    }

    /// <summary>Emits the element-wise part of each stream of the tile in its own block, from that stream's sums.</summary>
    private static void EachStream(SourceWriter writer, int chains, System.Action<System.Func<string, string>, string> units)
    {
        for (int stream = 0; stream < TileStreams; stream++)
        {
            int index = stream;
            using (writer.Open(Invariant($"// stream {stream}")))
            {
                units(accumulator => ColumnLoopEmitter.Sum(accumulator, index, chains), TileSuffixes[stream]);
            }
        }
    }

    /// <summary>
    /// The buffers the tile kernel takes for each stream, in parameter order (stream after stream within each): the
    /// step kernel's, its input and then those <see cref="LayerKindDescription.Forward"/> names (what it records last).
    /// </summary>
    public static string[] TileBuffers(LayerModel layer) => ["input", .. LayerKindDescription.Of(layer).Forward.Select(buffer => buffer.Parameter)];

    private static void TileSummary(SourceWriter writer, LayerModel layer) =>
        writer.Line(Invariant($"/// <summary>Layer {layer.Index}, {layer.Title}, inputs: {layer.InputSize}: one time step of {TileStreams} streams, each weight vector loaded once for all of them{(TapeParameters(layer).Length == 0 ? "" : "; TTape keeps what the backward pass needs of each (NoTape: nothing)")}.</summary>"));

    private static string TileSignature(LayerModel layer)
    {
        IEnumerable<string> buffers = TileBuffers(layer).SelectMany(buffer => TileSuffixes.Select(stream => $"ref float {buffer}{stream}"));
        return TapeParameters(layer).Length == 0
            ? $"private static void {KernelName(layer)}Streams<TLanes, TVector>(ref float parameters, {string.Join(", ", buffers)}) {Types.LanesConstraints}"
            : $"private static void {KernelName(layer)}Streams<TLanes, TVector, TTape>(ref float parameters, {string.Join(", ", buffers)}) {Types.LanesConstraints} where TTape : struct, {Types.ITape}";
    }
}
