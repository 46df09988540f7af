using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>End to end: the trainer teaches generated models small tasks they can only solve by learning.</summary>
public class GeneratedModelTrainingTests
{
    [Fact]
    public void An_lstm_learns_to_predict_the_next_value_of_a_sine_wave()
    {
        const int Batch = 8, Steps = 24;
        (float[] inputs, float[] targets) = SineBatch(Batch, Steps);
        var model = new LstmModel(seed: 1);
        using var trainer = new Trainer<LstmModel>(model, new Adam(0.02f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f });

        float initial = trainer.Evaluate(inputs, targets, Batch, Steps);
        for (int step = 0; step < 80; step++)
        {
            trainer.TrainBatch(inputs, targets, Batch, Steps);
        }

        float trained = trainer.Evaluate(inputs, targets, Batch, Steps);
        Assert.True(trained < initial / 20, $"MSE went from {initial} to {trained}");
    }

    [Fact]
    public void A_token_model_learns_a_cycle_from_a_stream_cut_into_pieces()
    {
        const int Vocabulary = 11, Batch = 4, Steps = 8;
        var model = new EmbeddingLmModel(seed: 2);
        using var trainer = new Trainer<EmbeddingLmModel>(model, new Adam(0.02f), Loss.CrossEntropy, new TrainerOptions { MaxSequenceLength = Steps, CarryState = true });
        int[] tokens = new int[Batch * Steps];
        int[] next = new int[Batch * Steps];

        float first = 0, last = 0;
        for (int piece = 0; piece < 120; piece++)
        {
            // Row r reads the stream r, r+1, r+2, … (mod 11), one piece of Steps tokens per call.
            for (int row = 0; row < Batch; row++)
            {
                for (int t = 0; t < Steps; t++)
                {
                    int position = row + (piece * Steps) + t;
                    tokens[(row * Steps) + t] = position % Vocabulary;
                    next[(row * Steps) + t] = (position + 1) % Vocabulary;
                }
            }

            last = trainer.TrainBatch(tokens, next, Batch, Steps);
            if (piece == 0)
            {
                first = last;
            }
        }

        Assert.True(Math.Abs(first - Math.Log(Vocabulary)) < 0.5, $"an untrained model should be near chance (ln 11), was {first}");
        Assert.True(last < 0.1f, $"cross-entropy went from {first} to {last}");
    }

    /// <summary>Inputs sin(φ + 0.2 t) and targets one step ahead, a different phase φ per row.</summary>
    internal static (float[] Inputs, float[] Targets) SineBatch(int batch, int steps)
    {
        float[] inputs = new float[batch * steps];
        float[] targets = new float[batch * steps];
        for (int row = 0; row < batch; row++)
        {
            double phase = row * 0.7;
            for (int t = 0; t < steps; t++)
            {
                inputs[(row * steps) + t] = (float)Math.Sin(phase + (0.2 * t));
                targets[(row * steps) + t] = (float)Math.Sin(phase + (0.2 * (t + 1)));
            }
        }

        return (inputs, targets);
    }
}
