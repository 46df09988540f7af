namespace RnnCodegen.Generator.Model;

/// <summary>Mirrors RnnCodegen.Layout.LayerKind (the generator cannot reference the net10.0 runtime).</summary>
internal enum LayerKind
{
    Embedding,
    SimpleRnn,
    Lstm,
    Gru,
    Dense,
}

/// <summary>Mirrors RnnCodegen.Activation; values are the attribute's enum values.</summary>
internal enum Activation
{
    Linear,
    Sigmoid,
    Tanh,
    Relu,
    Softmax,
}
