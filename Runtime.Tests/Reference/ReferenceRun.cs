namespace RnnCodegen.Tests.Reference;

/// <summary>What the reference computed over a sequence.</summary>
/// <param name="Outputs">Per-step activated outputs, Steps · OutputSize.</param>
/// <param name="Logits">Per-step pre-activation values of the last layer when it is a Dense layer (else null).</param>
/// <param name="FinalState">The state after the last step.</param>
internal sealed record ReferenceRun(double[] Outputs, double[]? Logits, ReferenceState FinalState);
