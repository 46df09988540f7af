namespace RnnCodegen.Generator.Parsing;

/// <summary>
/// Largest sizes the generator accepts. Hidden and output vectors live on the stack and in fixed-size state,
/// so they are bounded well below what would overflow a thread's stack; the storage bound keeps every offset an int.
/// </summary>
internal static class Limits
{
    public const int MaxLayerSize = 8192;
    public const int MaxInputSize = 65536;
    public const int MaxVocabularySize = 1 << 22;
    public const long MaxStorageLength = 1L << 28;
}
