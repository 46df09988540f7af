using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Reference;

/// <summary>nn.Embedding: the token's row of the [V, E] table, its only tensor, at <paramref name="parameterOffset"/>.</summary>
internal sealed class EmbeddingReference(LayerDescriptor layer, int parameterOffset)
{
    public double[] Lookup(double[] parameters, int token)
    {
        if ((uint)token >= (uint)layer.InputSize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Tokens of {layer.Signature} are 0 to {layer.InputSize - 1}.");
        }

        return parameters.AsSpan(parameterOffset + (token * layer.Size), layer.Size).ToArray();
    }
}
