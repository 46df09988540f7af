using System.Collections.Generic;
using System.Linq;
using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Streams;

/// <summary>Every layer kind and variant of the reference catalog, seen through the batched step.</summary>
internal static class StreamModelCatalog
{
    private static readonly IStreamModel[] s_models =
    [
        Floats<SimpleTanhModel, SimpleTanhModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<SimpleRelu10Model, SimpleRelu10Model.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<SimpleReluModel, SimpleReluModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<LstmModel, LstmModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<Lstm19Model, Lstm19Model.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<LstmPeepholeModel, LstmPeepholeModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<LstmWideModel, LstmWideModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<GruModel, GruModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<GruResetBefore11Model, GruResetBefore11Model.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<GruResetBeforeModel, GruResetBeforeModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<StackedModel, StackedModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<StackedGruLstmModel, StackedGruLstmModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<DenseActivationsModel, DenseActivationsModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<DenseBeforeLstmModel, DenseBeforeLstmModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Floats<RecurrentOutputModel, RecurrentOutputModel.State>((m, ref s, x, y) => m.Step(ref s, x, y), (m, s, x, y) => m.Step(s, x, y)),
        Tokens<EmbeddingLmModel, EmbeddingLmModel.State>((m, ref s, token, y) => m.Step(ref s, token, y), (m, s, tokens, y) => m.Step(s, tokens, y)),
        Tokens<TokenGruModel, TokenGruModel.State>((m, ref s, token, y) => m.Step(ref s, token, y), (m, s, tokens, y) => m.Step(s, tokens, y)),
    ];

    private delegate void FloatStep<TModel, TState>(TModel model, ref TState state, ReadOnlySpan<float> input, Span<float> output);

    private delegate void FloatStreams<TModel, TState>(TModel model, Span<TState> states, ReadOnlySpan<float> inputs, Span<float> outputs);

    private delegate void TokenStep<TModel, TState>(TModel model, ref TState state, int token, Span<float> output);

    private delegate void TokenStreams<TModel, TState>(TModel model, Span<TState> states, ReadOnlySpan<int> tokens, Span<float> outputs);

    public static TheoryData<string> Names => [.. s_models.Select(model => model.Name)];

    public static IStreamModel Get(string name) =>
        s_models.SingleOrDefault(model => model.Name == name) ?? throw new KeyNotFoundException($"No model named {name} in the stream catalog.");

    private static StreamModel<TModel, TState> Floats<TModel, TState>(FloatStep<TModel, TState> single, FloatStreams<TModel, TState> together)
        where TModel : class, IRecurrentModel<TModel>
        where TState : struct =>
        new(
            (TModel model, ref TState state, Sequence sequence, int t, Span<float> output) =>
                single(model, ref state, sequence.Inputs.AsSpan(t * TModel.Descriptor.InputSize, TModel.Descriptor.InputSize), output),
            (model, states, inputs, _, outputs) => together(model, states, inputs, outputs));

    private static StreamModel<TModel, TState> Tokens<TModel, TState>(TokenStep<TModel, TState> single, TokenStreams<TModel, TState> together)
        where TModel : class, IRecurrentModel<TModel>
        where TState : struct =>
        new(
            (TModel model, ref TState state, Sequence sequence, int t, Span<float> output) => single(model, ref state, sequence.Tokens[t], output),
            (model, states, _, tokens, outputs) => together(model, states, tokens, outputs));
}
