namespace RnnCodegen.Layout;

/// <summary>The kinds of layer a model can declare.</summary>
public enum LayerKind
{
    /// <summary>Token embedding table (<see cref="EmbeddingAttribute"/>).</summary>
    Embedding,
    /// <summary>Elman recurrent layer (<see cref="SimpleRnnAttribute"/>).</summary>
    SimpleRnn,
    /// <summary>Long short-term memory (<see cref="LstmAttribute"/>).</summary>
    Lstm,
    /// <summary>Gated recurrent unit (<see cref="GruAttribute"/>).</summary>
    Gru,
    /// <summary>Fully connected layer (<see cref="DenseAttribute"/>).</summary>
    Dense,
}
