using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// Finds which modules of a user's own PyTorch state dict hold which declared layers, from the tensors' names and
/// shapes alone: tensors group into modules by prefix (<c>model.encoder.lstm.weight_ih_l0</c> belongs to
/// <c>model.encoder.lstm</c>), each module is an <c>nn.Linear</c>, <c>nn.Embedding</c> or a (stacked)
/// <c>nn.RNN</c>/<c>nn.LSTM</c>/<c>nn.GRU</c>, and the modules must cover the declared layers in exactly one order.
/// </summary>
/// <remarks>
/// The order cannot come from the file: the safetensors library sorts a header's tensors by name, not by module.
/// Shapes decide it instead (each layer's input size is the previous layer's output size), and when two orders fit,
/// the match is refused as ambiguous rather than guessed; the explicit <see cref="TorchModule"/> overload settles it.
/// </remarks>
internal static partial class StateDictMatcher
{
    /// <summary>Placements tried before the search gives up and calls the match ambiguous.</summary>
    private const int SearchBudget = 100_000;

    /// <summary>The modules, in declared order, that hold <paramref name="model"/>'s layers in the file.</summary>
    /// <exception cref="ModelFormatException">No order fits, or more than one does; the message lists the file's tensors beside the model's.</exception>
    public static TorchModule[] Match(ModelDescriptor model, IReadOnlyList<SafetensorsTensorInfo> inFile)
    {
        FileModule[] modules = [.. inFile.GroupBy(tensor => ModulePath(tensor.Name), StringComparer.Ordinal)
            .Select(group => FileModule.Parse(group.Key, [.. group], reason => Refuse(model, inFile, reason)))];
        int covered = modules.Sum(module => module.Units.Length);
        if (covered != model.Layers.Count)
        {
            throw Refuse(model, inFile, $"its modules ({string.Join(", ", modules.Select(module => module.Describe()))}) hold {covered} layers, the declaration {model.Layers.Count}.");
        }

        var search = new Search(model, modules);
        search.Place(0);
        return search.Solutions switch
        {
            0 => throw Refuse(model, inFile, $"no order of its modules ({string.Join(", ", modules.Select(module => module.Describe()))}) has the declared layers' kinds and sizes."),
            1 => [.. search.Found.Select(index => new TorchModule(modules[index].Path, modules[index].Units.Length))],
            _ => throw Refuse(model, inFile,
                "more than one order of its modules fits the declared layers' kinds and sizes. Name the modules in declared order with the overload that takes TorchModule values"
                + (search.Found.Count == 0 ? "." : ", e.g. " + string.Join(", ", search.Found.Select(index => $"new TorchModule(\"{modules[index].Path}\", {modules[index].Units.Length})")) + ".")),
        };
    }

    private static string ModulePath(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[..dot];
    }

    private static ModelFormatException Refuse(ModelDescriptor model, IReadOnlyList<SafetensorsTensorInfo> inFile, string reason) =>
        new($"The file's tensors do not match '{model.Signature}': {reason}" + StateDictListing.Describe(model, inFile));

    /// <summary>A layer as the file's shapes show it.</summary>
    private readonly record struct Unit(LayerKind Kind, long InputSize, long Size, bool Peepholes)
    {
        public bool Fits(LayerDescriptor layer) =>
            layer.Kind == Kind && layer.InputSize == InputSize && layer.Size == Size && layer.Peepholes == Peepholes;
    }

    /// <summary>One module of the file and the layers its tensors' shapes describe.</summary>
    private sealed partial class FileModule(string path, Unit[] units)
    {
        public string Path { get; } = path;

        public Unit[] Units { get; } = units;

        public string Describe() => $"'{Path}' {string.Join(" ", Units.Select(unit => unit.Kind == LayerKind.Dense ? $"Linear({unit.InputSize}, {unit.Size})" : $"{unit.Kind}({unit.InputSize}, {unit.Size})"))}";

        public static FileModule Parse(string path, SafetensorsTensorInfo[] tensors, Func<string, ModelFormatException> refuse)
        {
            var byParameter = tensors.ToDictionary(tensor => tensor.Name[(path.Length == 0 ? 0 : path.Length + 1)..], StringComparer.Ordinal);
            if (byParameter.Keys.All(parameter => parameter is "weight" or "bias"))
            {
                return new FileModule(path, [Feedforward(path, byParameter, refuse)]);
            }

            int sublayers = 0;
            foreach ((string parameter, SafetensorsTensorInfo tensor) in byParameter)
            {
                Match match = RecurrentParameter().Match(parameter);
                if (!match.Success)
                {
                    throw refuse($"tensor '{tensor.Name}' is not a parameter of an nn.Linear, nn.Embedding, nn.RNN, nn.LSTM or nn.GRU (RnnCodegen reads weight, bias, weight_ih_l{{j}}, weight_hh_l{{j}}, bias_ih_l{{j}}, bias_hh_l{{j}}).");
                }

                if (match.Groups[3].Success)
                {
                    throw refuse($"tensor '{tensor.Name}' belongs to a bidirectional layer (bidirectional=True); RnnCodegen's recurrent layers run forward only.");
                }

                if (!int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int sublayer) || sublayer >= tensors.Length)
                {
                    throw refuse($"tensor '{tensor.Name}' names sub-layer {match.Groups[2].Value}, but module '{path}' has only {tensors.Length} tensors.");
                }

                sublayers = Math.Max(sublayers, sublayer + 1);
            }

            var units = new Unit[sublayers];
            for (int sublayer = 0; sublayer < sublayers; sublayer++)
            {
                units[sublayer] = Recurrent(path, sublayer, byParameter, refuse);
            }

            int expected = units.Sum(unit => unit.Peepholes ? 5 : 4);
            if (expected != tensors.Length)
            {
                throw refuse($"module '{path}' has {tensors.Length} tensors; its {sublayers} sub-layers would have {expected}.");
            }

            return new FileModule(path, units);
        }

        /// <summary>An nn.Linear (weight [O, K] and bias [O]) or an nn.Embedding (weight [V, E] alone).</summary>
        private static Unit Feedforward(string path, Dictionary<string, SafetensorsTensorInfo> byParameter, Func<string, ModelFormatException> refuse)
        {
            if (!byParameter.TryGetValue("weight", out SafetensorsTensorInfo? weight) || weight.Shape.Count != 2)
            {
                throw refuse($"module '{path}' has a bias but no two-dimensional weight, as an nn.Linear has.");
            }

            if (!byParameter.TryGetValue("bias", out SafetensorsTensorInfo? bias))
            {
                return new Unit(LayerKind.Embedding, weight.Shape[0], weight.Shape[1], false);
            }

            if (bias.Shape.Count != 1 || bias.Shape[0] != weight.Shape[0])
            {
                throw refuse($"module '{path}' has weight {weight.ShapeText} and bias {bias.ShapeText}; an nn.Linear's bias has one element per row of its weight.");
            }

            return new Unit(LayerKind.Dense, weight.Shape[1], weight.Shape[0], false);
        }

        /// <summary>Sub-layer <paramref name="sublayer"/> of an nn.RNN/LSTM/GRU: the gate count is rows of weight_hh over its columns.</summary>
        private static Unit Recurrent(string path, int sublayer, Dictionary<string, SafetensorsTensorInfo> byParameter, Func<string, ModelFormatException> refuse)
        {
            SafetensorsTensorInfo Get(string name) => byParameter.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{name}_l{sublayer}"), out SafetensorsTensorInfo? tensor)
                ? tensor
                : throw refuse($"module '{path}' has no {name}_l{sublayer} (an nn.RNN, nn.LSTM or nn.GRU with bias=True has weight_ih, weight_hh, bias_ih and bias_hh for every sub-layer).");

            SafetensorsTensorInfo inputWeights = Get("weight_ih");
            SafetensorsTensorInfo recurrentWeights = Get("weight_hh");
            if (recurrentWeights.Shape.Count != 2 || recurrentWeights.Shape[1] == 0 || recurrentWeights.Shape[0] % recurrentWeights.Shape[1] != 0
                || (recurrentWeights.Shape[0] / recurrentWeights.Shape[1]) is not (1 or 3 or 4))
            {
                throw refuse($"'{recurrentWeights.Name}' has shape {recurrentWeights.ShapeText}; an nn.RNN's is [H, H], an nn.GRU's [3H, H], an nn.LSTM's [4H, H].");
            }

            long rows = recurrentWeights.Shape[0];
            long size = recurrentWeights.Shape[1];
            LayerKind kind = (rows / size) switch { 1 => LayerKind.SimpleRnn, 3 => LayerKind.Gru, _ => LayerKind.Lstm };
            if (inputWeights.Shape.Count != 2 || inputWeights.Shape[0] != rows)
            {
                throw refuse($"'{inputWeights.Name}' has shape {inputWeights.ShapeText}, '{recurrentWeights.Name}' {recurrentWeights.ShapeText}: their rows must agree.");
            }

            foreach (SafetensorsTensorInfo bias in (SafetensorsTensorInfo[])[Get("bias_ih"), Get("bias_hh")])
            {
                if (bias.Shape.Count != 1 || bias.Shape[0] != rows)
                {
                    throw refuse($"'{bias.Name}' has shape {bias.ShapeText}; the layer's weights have {rows} rows.");
                }
            }

            bool peepholes = byParameter.ContainsKey(string.Create(CultureInfo.InvariantCulture, $"weight_peephole_l{sublayer}"));
            if (peepholes && kind != LayerKind.Lstm)
            {
                throw refuse($"module '{path}' has weight_peephole_l{sublayer}, but only an LSTM has peepholes.");
            }

            return new Unit(kind, inputWeights.Shape[1], size, peepholes);
        }

        [GeneratedRegex(@"^(weight_ih|weight_hh|bias_ih|bias_hh|weight_peephole)_l([0-9]+)(_reverse)?$", RegexOptions.CultureInvariant)]
        private static partial Regex RecurrentParameter();
    }

    /// <summary>Backtracking over which module holds the next declared layer; stops at the second solution.</summary>
    private sealed class Search(ModelDescriptor model, FileModule[] modules)
    {
        private readonly bool[] _used = new bool[modules.Length];
        private readonly List<int> _order = [];
        private int _budget = SearchBudget;

        public int Solutions { get; private set; }

        /// <summary>The first order found, as module indices.</summary>
        public List<int> Found { get; } = [];

        public void Place(int layer)
        {
            if (layer == model.Layers.Count)
            {
                if (++Solutions == 1)
                {
                    Found.AddRange(_order);
                }

                return;
            }

            for (int index = 0; index < modules.Length && Solutions < 2; index++)
            {
                if (--_budget < 0)
                {
                    Solutions = Math.Max(Solutions, 2); // too many ways to try: call it ambiguous rather than guess
                    return;
                }

                if (_used[index] || !Fits(modules[index], layer))
                {
                    continue;
                }

                _used[index] = true;
                _order.Add(index);
                Place(layer + modules[index].Units.Length);
                _order.RemoveAt(_order.Count - 1);
                _used[index] = false;
            }
        }

        private bool Fits(FileModule module, int layer)
        {
            if (layer + module.Units.Length > model.Layers.Count)
            {
                return false;
            }

            for (int j = 0; j < module.Units.Length; j++)
            {
                if (!module.Units[j].Fits(model.Layers[layer + j]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
