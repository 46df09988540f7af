using System.Collections.Generic;

namespace RnnCodegen.Serialization;

/// <summary>A model file that passed every check, as <see cref="ModelFileReader"/> decoded it.</summary>
/// <param name="Version">The format version the file was written in.</param>
/// <param name="Signature">The layer signature, equal to the model's.</param>
/// <param name="Metadata">The metadata entries in file order (none before version 2).</param>
/// <param name="Parameters">Every parameter in canonical (PyTorch state-dict) order.</param>
internal sealed record ModelFileContents(
    int Version,
    string Signature,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    float[] Parameters);
