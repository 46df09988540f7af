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

    /// <summary>M.ForwardTrainingRows over <paramref name="sequences"/> (of one length) as one batch, from copies of <paramref name="initialStates"/>; one pass per row.</summary>
    TrainingPass[] ForwardTrainingRows(float[] parameters, Sequence[] sequences, float[][] initialStates, bool logits);

    /// <summary>M.Backward over <paramref name="pass"/> alone: the deltas it records, steps after step.</summary>
    float[] Deltas(float[] parameters, TrainingPass pass, float[] outputGradients);

    /// <summary>M.BackwardRows over <paramref name="passes"/> (of one length) as one batch: each row's deltas.</summary>
    float[][] DeltasRows(float[] parameters, TrainingPass[] passes, float[][] outputGradients);

    /// <summary>M.Backward over <paramref name="pass"/>, then every part of M.WeightGradients for it as a batch of one row, adding into <paramref name="gradients"/> (storage layout).</summary>
    void Backward(float[] parameters, Sequence sequence, TrainingPass pass, float[] outputGradients, float[] gradients);
}
