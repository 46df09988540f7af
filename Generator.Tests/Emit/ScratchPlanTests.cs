using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Generator.Emit;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Tests.Emit;

/// <summary>
/// The scratch buffer of one step is shared by all layers, so each layer's temporaries must fit in it and must not
/// overlap one another or the layer's own input when that input is itself in scratch (a Dense layer's output).
/// </summary>
public class ScratchPlanTests
{
    public static TheoryData<string> Models => new(Stacks.Keys);

    private static readonly Dictionary<string, (int InputSize, LayerModel[] Layers)> Stacks = new()
    {
        ["dense chain around recurrent layers"] = Chain(6, Dense(9), Dense(13), Lstm(5), Dense(17), Dense(3), Gru(11, resetAfter: true), Dense(2)),
        ["reset-before GRU between Dense layers"] = Chain(4, Dense(7), Gru(12, resetAfter: false), Dense(20), Dense(1)),
        ["two reset-before GRUs of different sizes"] = Chain(3, Gru(3, resetAfter: false), Gru(30, resetAfter: false), SimpleRnn(9)),
        ["single small recurrent layer"] = Chain(1, SimpleRnn(3)),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_layers_temporaries_fit_and_do_not_overlap_its_input(string model)
    {
        (int inputSize, LayerModel[] layers) = Stacks[model];
        var plan = new ScratchPlan(new ModelSpec("Tests", "Model", EquatableArray<string>.Empty, inputSize, layers.ToEquatableArray()));

        (int Start, int End)? input = null;
        foreach (LayerModel layer in layers)
        {
            var writes = new List<(int Start, int End)>();
            if (layer.Kind == LayerKind.Dense)
            {
                writes.Add(Region(plan.DenseOutputOffset(layer), layer.PaddedSize));
            }
            else
            {
                writes.Add(Region(ScratchPlan.NewHiddenOffset, layer.PaddedSize));
                if (layer.Kind == LayerKind.Gru && !layer.ResetAfter)
                {
                    writes.Add(Region(plan.GruWorkOffset, 3 * layer.PaddedSize));
                }
            }

            Assert.All(writes, region => Assert.True(region.Start >= 0 && region.End <= plan.Length, $"layer {layer.Index} writes {region} outside [0, {plan.Length})"));
            IEnumerable<(int Start, int End)> others = input is null ? writes : writes.Append(input.Value);
            AssertDisjoint(layer, others.ToArray());

            // A recurrent layer's output is its state, outside scratch; a Dense layer's stays in scratch for the next.
            input = layer.Kind == LayerKind.Dense ? writes[0] : null;
        }
    }

    private static void AssertDisjoint(LayerModel layer, (int Start, int End)[] regions)
    {
        for (int i = 0; i < regions.Length; i++)
        {
            for (int j = i + 1; j < regions.Length; j++)
            {
                bool overlap = regions[i].Start < regions[j].End && regions[j].Start < regions[i].End;
                Assert.False(overlap, $"layer {layer.Index} ({layer.Title}): scratch regions {regions[i]} and {regions[j]} overlap");
            }
        }
    }

    private static (int Start, int End) Region(int start, int length) => (start, start + length);

    private static (int InputSize, LayerModel[] Layers) Chain(int inputSize, params Func<int, int, LayerModel>[] layers)
    {
        var chained = new LayerModel[layers.Length];
        int width = inputSize;
        for (int index = 0; index < layers.Length; index++)
        {
            chained[index] = layers[index](index, width);
            width = chained[index].Size;
        }

        return (inputSize, chained);
    }

    // Offsets into the parameters do not matter to the scratch plan, so every layer gets 0. (Activation is the
    // generator's Model.Activation: the runtime's RnnCodegen.Activation is nearer in scope.)
    private static Func<int, int, LayerModel> Dense(int size) =>
        (index, input) => new LayerModel(LayerKind.Dense, index, input, size, Model.Activation.Linear, false, true, 0);

    private static Func<int, int, LayerModel> Lstm(int size) =>
        (index, input) => new LayerModel(LayerKind.Lstm, index, input, size, Model.Activation.Linear, false, true, 0);

    private static Func<int, int, LayerModel> Gru(int size, bool resetAfter) =>
        (index, input) => new LayerModel(LayerKind.Gru, index, input, size, Model.Activation.Linear, false, resetAfter, 0);

    private static Func<int, int, LayerModel> SimpleRnn(int size) =>
        (index, input) => new LayerModel(LayerKind.SimpleRnn, index, input, size, Model.Activation.Tanh, false, true, 0);
}
