using System;

namespace RnnCodegen;

/// <summary>
/// A token embedding table, as <c>nn.Embedding</c>. Only allowed as the first layer; the model then
/// takes integer tokens in [0, <paramref name="vocabularySize"/>).
/// </summary>
/// <param name="vocabularySize">Number of distinct tokens.</param>
/// <param name="embeddingSize">Length of each token's vector.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute(int vocabularySize, int embeddingSize) : Attribute
{
    /// <summary>Number of distinct tokens.</summary>
    public int VocabularySize { get; } = vocabularySize;

    /// <summary>Length of each token's vector.</summary>
    public int EmbeddingSize { get; } = embeddingSize;
}
