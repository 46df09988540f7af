using System.ComponentModel;
using RnnCodegen.Layout;

namespace RnnCodegen.Internals;

/// <summary>A layer as declared: what the generator reads from one layer attribute.</summary>
/// <param name="Kind">The layer kind.</param>
/// <param name="Size">Hidden units, outputs, or the embedding size.</param>
/// <param name="Activation">Activation of SimpleRnn and Dense layers.</param>
/// <param name="Peepholes">LSTM peephole connections.</param>
/// <param name="ResetAfter">GRU reset-after form (the default).</param>
/// <param name="VocabularySize">An Embedding's vocabulary size.</param>
/// <remarks>Infrastructure for generated code, hidden from IntelliSense: not part of the supported API.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct LayerSpec(
    LayerKind Kind,
    int Size,
    Activation Activation = Activation.Linear,
    bool Peepholes = false,
    bool ResetAfter = true,
    int VocabularySize = 0);
