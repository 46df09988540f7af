using RnnCodegen.Tests.Gradients;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Inference;

/// <summary>Wrong span lengths and tokens are refused at entry with messages that name expected and actual sizes.</summary>
public sealed class ArgumentTests
{
    private const double PredictTolerance = 1e-6;

    [Fact]
    public void StepRefusesWrongSizes()
    {
        var model = new GruModel(1);
        ArgumentException input = Assert.Throws<ArgumentException>(() => model.Step(new float[3], new float[GruModel.OutputSize]));
        Assert.Equal("input", input.ParamName);
        Assert.Contains("Expected exactly 4 values, got 3", input.Message, StringComparison.Ordinal);
        ArgumentException output = Assert.Throws<ArgumentException>(() => model.Step(new float[4], new float[3]));
        Assert.Equal("output", output.ParamName);
        Assert.Contains("Expected exactly 2 values, got 3", output.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictRefusesPartialStepsAndWrongOutputLengths()
    {
        var model = new GruModel(1);
        ArgumentException partial = Assert.Throws<ArgumentException>(() => model.Predict(new float[10], new float[6]));
        Assert.Contains("positive multiple of 4", partial.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Predict([], []));
        ArgumentException outputs = Assert.Throws<ArgumentException>(() => model.Predict(new float[12], new float[5]));
        Assert.Contains("3 steps × 2 = 6 values, got 5", outputs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TokensOutsideTheVocabularyAreRefusedBeforeAnythingRuns()
    {
        var model = new EmbeddingLmModel(1);
        float[] outputs = new float[3 * EmbeddingLmModel.OutputSize];
        ArgumentOutOfRangeException late = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict([1, 2, 11], outputs));
        Assert.Contains("Token 11 at step 2", late.Message, StringComparison.Ordinal);
        Assert.All(outputs, value => Assert.Equal(0f, value));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(-1, new float[EmbeddingLmModel.OutputSize]));
    }

    [Fact]
    public void ModelStateAndCallerStatesAreIndependent()
    {
        var model = new LstmModel(5);
        float[] sequence = [0.5f, -0.25f, 1f, 0.75f];
        float[] predicted = new float[sequence.Length];
        model.Predict(sequence, predicted);

        // Two streams interleaved step by step give what each gives alone.
        var first = default(LstmModel.State);
        var second = default(LstmModel.State);
        float[] output = new float[1];
        float[] stepped = new float[sequence.Length];
        for (int t = 0; t < sequence.Length; t++)
        {
            model.Step(ref first, sequence.AsSpan(t, 1), stepped.AsSpan(t, 1));
            model.Step(ref second, [0f], output);
        }

        // Predict's Dense head runs through the 4-step tile kernel, which orders its sums differently: a few ulps.
        Closeness.AssertClose("the first of two interleaved streams against Predict", predicted, stepped, PredictTolerance);

        // Reset returns the built-in state to zero.
        model.Step([3f], output);
        model.Reset();
        model.Step(sequence.AsSpan(0, 1), output);
        Closeness.AssertClose("the first step after Reset against Predict", predicted.AsSpan(0, 1), output, PredictTolerance);
    }
}
