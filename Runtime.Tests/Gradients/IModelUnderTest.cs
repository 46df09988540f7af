using RnnCodegen.Layout;
using RnnCodegen.Tests.Reference;

namespace RnnCodegen.Tests.Gradients;

/// <summary>A generated model type seen through plain arrays, so one test body runs against every declared model.</summary>
internal interface IModelUnderTest
{
    string Name { get; }

    ModelDescriptor Descriptor { get; }

    /// <summary>The parameter storage of <c>new M(seed)</c>.</summary>
    float[] SeededParameters(int seed);

    /// <summary><c>new M(seed).Predict(...)</c> over <paramref name="sequence"/>.</summary>
    float[] Predict(int seed, Sequence sequence);

    /// <summary>M.ForwardTraining from a copy of <paramref name="initialState"/>.</summary>
    TrainingPass ForwardTraining(float[] parameters, Sequence sequence, float[] initialState, bool logits);

    /// <summary>M.Backward over <paramref name="pass"/>, adding into <paramref name="gradients"/> (storage layout).</summary>
    void Backward(float[] parameters, Sequence sequence, TrainingPass pass, float[] outputGradients, float[] gradients);
}

/// <summary>What one M.ForwardTraining call produced, and what M.Backward needs of it.</summary>
/// <param name="InitialState">The flat state the pass started from.</param>
/// <param name="FinalState">The flat state ForwardTraining left in its state span.</param>
/// <param name="Tape">The recorded activations.</param>
/// <param name="Outputs">Per-step outputs: activated, or the last Dense layer's pre-activation values when <paramref name="Logits"/>.</param>
/// <param name="Logits">Whether the pass was asked for logits.</param>
internal sealed record TrainingPass(float[] InitialState, float[] FinalState, float[] Tape, float[] Outputs, bool Logits);
