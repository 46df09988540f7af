namespace RnnCodegen.Layout;

/// <summary>What a tensor is to its layer; decides how its elements map to the parameter storage.</summary>
public enum TensorRole
{
    /// <summary>An Embedding's [vocabulary, size] table.</summary>
    EmbeddingTable,
    /// <summary>weight_ih_l0 of a recurrent layer, or a Dense layer's weight.</summary>
    InputWeights,
    /// <summary>weight_hh_l0.</summary>
    RecurrentWeights,
    /// <summary>bias_ih_l0 of a recurrent layer, or a Dense layer's bias.</summary>
    InputBias,
    /// <summary>bias_hh_l0.</summary>
    RecurrentBias,
    /// <summary>weight_peephole_l0: rows (i, f, o) of a peephole LSTM.</summary>
    Peepholes,
}
