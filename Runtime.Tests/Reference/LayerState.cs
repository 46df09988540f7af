namespace RnnCodegen.Tests.Reference;

/// <summary>
/// What one layer carries from step to step: h (SimpleRnn, LSTM, GRU) and c (LSTM); empty for Dense and Embedding.
/// A step replaces the arrays rather than writing into them, so a state can be copied by copying the references.
/// </summary>
internal sealed class LayerState(double[] hidden, double[] cell)
{
    public double[] Hidden { get; set; } = hidden;

    public double[] Cell { get; set; } = cell;

    public LayerState Copy() => new(Hidden, Cell);
}
