using System.Globalization;

namespace RnnCodegen.Internals;

/// <summary>
/// Each layer's text in a model's signature, e.g. <c>Lstm(32, Peepholes)</c>. The signature is part of the model file
/// format, and the generated kernels' comments use the same words, so a variant has one name everywhere.
/// </summary>
internal static class LayerTitles
{
    public static string Embedding(int vocabularySize, int size) => "Embedding(" + Text(vocabularySize) + ", " + Text(size) + ")";

    public static string SimpleRnn(int size, string activation) => "SimpleRnn(" + Text(size) + ", " + activation + ")";

    public static string Lstm(int size, bool peepholes) => "Lstm(" + Text(size) + (peepholes ? ", Peepholes)" : ")");

    public static string Gru(int size, bool resetAfter) => "Gru(" + Text(size) + (resetAfter ? ")" : ", ResetBefore)");

    public static string Dense(int size, string activation) => "Dense(" + Text(size) + ", " + activation + ")";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
