namespace RnnCodegen.Generator;

/// <summary>Names of the pipeline steps, so tests can check which ones ran or were cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Specs = nameof(Specs);
    public const string Diagnostics = nameof(Diagnostics);
    public const string LayersWithoutModel = nameof(LayersWithoutModel);
}
