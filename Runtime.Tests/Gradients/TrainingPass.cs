namespace RnnCodegen.Tests.Gradients;

/// <summary>What one M.ForwardTraining call produced, and what M.Backward needs of it.</summary>
/// <param name="InitialState">The flat state the pass started from.</param>
/// <param name="FinalState">The flat state ForwardTraining left in its state span.</param>
/// <param name="Tape">The recorded activations.</param>
/// <param name="Outputs">Per-step outputs: activated, or the last Dense layer's pre-activation values when <paramref name="Logits"/>.</param>
/// <param name="Logits">Whether the pass was asked for logits.</param>
internal sealed record TrainingPass(float[] InitialState, float[] FinalState, float[] Tape, float[] Outputs, bool Logits);
