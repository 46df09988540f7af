using RnnCodegen.Tests.Training.Models;

namespace RnnCodegen.Tests.Training;

/// <summary>Training steps checked against losses and gradients worked out in closed form, in double.</summary>
public class TrainerClosedFormTests
{
    [Fact]
    public void One_sgd_step_on_mse_moves_a_linear_model_down_the_closed_form_gradient()
    {
        const int Batch = 3, Steps = 4, N = Batch * Steps;
        const float W = 0.7f, Bi = 0.2f, Bh = -0.1f, Lr = 0.1f;
        float[] x = TrainingData.Uniform(N, seed: 1);
        float[] targets = TrainingData.Uniform(N, seed: 2);
        var model = new LinearRecurrenceModel(W, recurrentWeight: 0f, Bi, Bh);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Sgd(Lr), Loss.MeanSquaredError);

        float loss = trainer.TrainBatch(x, targets, Batch, Steps);

        // With no recurrence y = w x + b: L = Σ r² / N with r = y − t; ∂L/∂w = 2/N Σ r x, ∂L/∂b = 2/N Σ r,
        // and the recurrent weight sees the previous output: ∂L/∂a = 2/N Σ r_t y_{t−1}.
        double sumSquares = 0, dw = 0, db = 0, da = 0;
        for (int row = 0; row < Batch; row++)
        {
            double previous = 0;
            for (int t = 0; t < Steps; t++)
            {
                int i = (row * Steps) + t;
                double y = ((double)W * x[i]) + Bi + Bh;
                double r = y - targets[i];
                sumSquares += r * r;
                dw += 2.0 / N * r * x[i];
                db += 2.0 / N * r;
                da += 2.0 / N * r * previous;
                previous = y;
            }
        }

        Assert.Equal(sumSquares / N, loss, 1e-6);
        Assert.Equal(W - (Lr * dw), model.Parameters[LinearRecurrenceModel.InputWeight], 1e-6);
        Assert.Equal(Bi - (Lr * db), model.Parameters[LinearRecurrenceModel.InputBias], 1e-6);
        Assert.Equal(Bh - (Lr * db), model.Parameters[LinearRecurrenceModel.RecurrentBias], 1e-6);
        Assert.Equal(-Lr * da, model.Parameters[LinearRecurrenceModel.RecurrentWeight], 1e-6);
        Assert.Equal(dw, model.Gradients[LinearRecurrenceModel.InputWeight], 1e-6);
        Assert.Equal(Math.Sqrt((dw * dw) + (2 * db * db) + (da * da)), trainer.LastGradientNorm, 1e-6);
    }

    [Fact]
    public void Every_row_counts_once_when_the_batch_has_more_rows_than_groups()
    {
        const int Batch = 37, Steps = 2, N = Batch * Steps;
        float[] x = TrainingData.Uniform(N, seed: 3);
        float[] targets = TrainingData.Uniform(N, seed: 4);
        var model = new LinearRecurrenceModel(0.5f, 0f, 0f, 0f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Sgd(0.1f), Loss.MeanSquaredError, new TrainerOptions { MaxDegreeOfParallelism = 3 });

        float loss = trainer.TrainBatch(x, targets, Batch, Steps);

        double sumSquares = 0, dw = 0;
        for (int i = 0; i < N; i++)
        {
            double r = (0.5 * x[i]) - targets[i];
            sumSquares += r * r;
            dw += 2.0 / N * r * x[i];
        }

        Assert.Equal(sumSquares / N, loss, 1e-6);
        Assert.Equal(dw, model.Gradients[LinearRecurrenceModel.InputWeight], 1e-6);
    }

    [Fact]
    public void Cross_entropy_trains_on_the_logits_with_softmax_fused()
    {
        const int Batch = 2, Steps = 3, N = Batch * Steps, Inputs = SigmoidClassifierModel.Inputs, Classes = SigmoidClassifierModel.Classes;
        float[] x = TrainingData.Uniform(N * Inputs, seed: 5);
        int[] classes = TrainingData.Integers(N, Classes, seed: 6);
        var model = new SigmoidClassifierModel(seed: 7);
        var before = new SigmoidClassifierModel(seed: 7);
        using var trainer = new Trainer<SigmoidClassifierModel>(model, new Sgd(1f), Loss.CrossEntropy);

        float loss = trainer.TrainBatch(x, classes, Batch, Steps);

        // L = mean of log Σ e^z − z_c over the 6 steps; ∂L/∂z = (softmax(z) − onehot(c)) / 6.
        double expectedLoss = 0;
        double[,] dw = new double[Classes, Inputs];
        double[] db = new double[Classes];
        for (int i = 0; i < N; i++)
        {
            ReadOnlySpan<float> xi = x.AsSpan(i * Inputs, Inputs);
            double[] z = new double[Classes];
            double total = 0;
            for (int o = 0; o < Classes; o++)
            {
                z[o] = before.Logit(xi, o);
                total += Math.Exp(z[o]);
            }

            expectedLoss += (Math.Log(total) - z[classes[i]]) / N;
            for (int o = 0; o < Classes; o++)
            {
                double dz = ((Math.Exp(z[o]) / total) - (o == classes[i] ? 1 : 0)) / N;
                db[o] += dz;
                dw[o, 0] += dz * xi[0];
                dw[o, 1] += dz * xi[1];
            }
        }

        Assert.Equal(expectedLoss, loss, 1e-6);
        for (int o = 0; o < Classes; o++)
        {
            Assert.Equal(before.Parameters[SigmoidClassifierModel.Bias(o)] - db[o], model.Parameters[SigmoidClassifierModel.Bias(o)], 1e-6);
            Assert.Equal(before.Parameters[SigmoidClassifierModel.Weight(o, 1)] - dw[o, 1], model.Parameters[SigmoidClassifierModel.Weight(o, 1)], 1e-6);
        }
    }

    [Fact]
    public void Mean_squared_error_trains_on_the_activated_outputs()
    {
        const int Batch = 2, Steps = 2, Classes = SigmoidClassifierModel.Classes, N = Batch * Steps * Classes;
        float[] x = TrainingData.Uniform(Batch * Steps * SigmoidClassifierModel.Inputs, seed: 8);
        float[] targets = TrainingData.Uniform(N, seed: 9);
        var model = new SigmoidClassifierModel(seed: 10);
        var before = new SigmoidClassifierModel(seed: 10);
        using var trainer = new Trainer<SigmoidClassifierModel>(model, new Sgd(1f), Loss.MeanSquaredError);

        float loss = trainer.TrainBatch(x, targets, Batch, Steps);

        double expectedLoss = 0;
        double[] db = new double[Classes];
        for (int i = 0; i < N; i++)
        {
            int step = i / Classes, o = i % Classes;
            double y = 1 / (1 + Math.Exp(-before.Logit(x.AsSpan(step * SigmoidClassifierModel.Inputs, SigmoidClassifierModel.Inputs), o)));
            expectedLoss += (y - targets[i]) * (y - targets[i]) / N;
            db[o] += 2.0 / N * (y - targets[i]) * y * (1 - y);
        }

        Assert.Equal(expectedLoss, loss, 1e-6);
        for (int o = 0; o < Classes; o++)
        {
            Assert.Equal(db[o], model.Gradients[SigmoidClassifierModel.Bias(o)], 1e-6);
        }
    }

    [Fact]
    public void Token_models_train_on_next_token_classes()
    {
        const int Batch = 2, Steps = 3, N = Batch * Steps, V = BigramModel.Vocabulary;
        int[] tokens = [0, 1, 3, 3, 3, 1];
        int[] next = [1, 3, 2, 3, 1, 0];
        var model = new BigramModel(seed: 11);
        var before = new BigramModel(seed: 11);
        using var trainer = new Trainer<BigramModel>(model, new Sgd(0.5f), Loss.CrossEntropy);

        float loss = trainer.TrainBatch(tokens, next, Batch, Steps);

        double expectedLoss = 0;
        double[] embeddingGradient = new double[BigramModel.EmbeddingSize];
        for (int i = 0; i < N; i++)
        {
            double[] z = new double[V];
            double total = 0;
            for (int o = 0; o < V; o++)
            {
                z[o] = before.Parameters[BigramModel.Bias(o)];
                for (int e = 0; e < BigramModel.EmbeddingSize; e++)
                {
                    z[o] += (double)before.Parameters[BigramModel.Weight(o, e)] * before.Parameters[BigramModel.Embedding(tokens[i], e)];
                }

                total += Math.Exp(z[o]);
            }

            expectedLoss += (Math.Log(total) - z[next[i]]) / N;
            if (tokens[i] == 3)
            {
                for (int o = 0; o < V; o++)
                {
                    double dz = ((Math.Exp(z[o]) / total) - (o == next[i] ? 1 : 0)) / N;
                    for (int e = 0; e < BigramModel.EmbeddingSize; e++)
                    {
                        embeddingGradient[e] += dz * before.Parameters[BigramModel.Weight(o, e)];
                    }
                }
            }
        }

        Assert.Equal(expectedLoss, loss, 1e-6);
        for (int e = 0; e < BigramModel.EmbeddingSize; e++)
        {
            Assert.Equal(embeddingGradient[e], model.Gradients[BigramModel.Embedding(3, e)], 1e-6);
            Assert.Equal(before.Parameters[BigramModel.Embedding(3, e)] - (0.5 * embeddingGradient[e]), model.Parameters[BigramModel.Embedding(3, e)], 1e-6);
        }

        // Token 2 is never an input, so its embedding gets no gradient.
        Assert.Equal(0f, model.Gradients[BigramModel.Embedding(2, 0)]);
    }

    [Fact]
    public void Last_step_only_scores_the_final_output_of_each_sequence()
    {
        const int Batch = 3, Steps = 5;
        const float W = 0.8f, A = 0.5f, B = 0.1f;
        float[] x = TrainingData.Uniform(Batch * Steps, seed: 12);
        float[] targets = TrainingData.Uniform(Batch, seed: 13);
        var model = new LinearRecurrenceModel(W, A, B, 0f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Sgd(0f), Loss.MeanSquaredError, new TrainerOptions { LastStepOnly = true });

        float loss = trainer.TrainBatch(x, targets, Batch, Steps);

        // L = mean over rows of (h_T − t)²; h_T = Σ_t a^(T−1−t) (w x_t + b), so ∂L/∂w = 2/B Σ r Σ_t a^(T−1−t) x_t.
        double expectedLoss = 0, dw = 0;
        for (int row = 0; row < Batch; row++)
        {
            ReadOnlySpan<float> xs = x.AsSpan(row * Steps, Steps);
            double r = TrainingData.LinearRecurrence(xs, W, A, B)[Steps - 1] - targets[row];
            expectedLoss += r * r / Batch;
            for (int t = 0; t < Steps; t++)
            {
                dw += 2.0 / Batch * r * Math.Pow(A, Steps - 1 - t) * xs[t];
            }
        }

        Assert.Equal(expectedLoss, loss, 1e-6);
        Assert.Equal(dw, model.Gradients[LinearRecurrenceModel.InputWeight], 1e-6);
    }

    [Fact]
    public void Last_step_only_cross_entropy_takes_one_class_per_sequence()
    {
        int[] tokens = [0, 1, 2, 3, 2, 1];
        int[] classes = [3, 0];
        var model = new BigramModel(seed: 14);
        using var trainer = new Trainer<BigramModel>(model, new Sgd(0f), Loss.CrossEntropy, new TrainerOptions { LastStepOnly = true });

        float loss = trainer.Evaluate(tokens, classes, batchSize: 2, sequenceLength: 3);

        // Only steps (row 0, t 2: token 2) and (row 1, t 2: token 1) are scored.
        using var everyStep = new Trainer<BigramModel>(model, new Sgd(0f), Loss.CrossEntropy);
        float lastOfFirst = everyStep.Evaluate([2], [3], batchSize: 1, sequenceLength: 1);
        float lastOfSecond = everyStep.Evaluate([1], [0], batchSize: 1, sequenceLength: 1);
        Assert.Equal((lastOfFirst + lastOfSecond) / 2, loss, 1e-6);
    }

    [Fact]
    public void Clipping_limits_the_update_to_the_maximum_norm()
    {
        const int Batch = 2, Steps = 3, N = Batch * Steps;
        const float MaxNorm = 0.01f;
        float[] x = TrainingData.Uniform(N, seed: 15);
        float[] targets = TrainingData.Uniform(N, seed: 16);
        var model = new LinearRecurrenceModel(2f, 0f, 1f, 0f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, new Sgd(1f), Loss.MeanSquaredError, new TrainerOptions { ClipGradientNorm = MaxNorm });

        trainer.TrainBatch(x, targets, Batch, Steps);

        double dw = 0, db = 0, da = 0;
        for (int row = 0; row < Batch; row++)
        {
            double previous = 0;
            for (int t = 0; t < Steps; t++)
            {
                int i = (row * Steps) + t;
                double y = (2.0 * x[i]) + 1;
                double r = y - targets[i];
                dw += 2.0 / N * r * x[i];
                db += 2.0 / N * r;
                da += 2.0 / N * r * previous;
                previous = y;
            }
        }

        double norm = Math.Sqrt((dw * dw) + (2 * db * db) + (da * da));
        Assert.True(norm > 10 * MaxNorm, "the test needs a gradient well above the clipping norm");
        double coefficient = MaxNorm / (norm + 1e-6);
        Assert.Equal(norm, trainer.LastGradientNorm, 1e-5);
        Assert.Equal(2 - (coefficient * dw), model.Parameters[LinearRecurrenceModel.InputWeight], 1e-6);
        Assert.Equal(1 - (coefficient * db), model.Parameters[LinearRecurrenceModel.InputBias], 1e-6);
        Assert.Equal(-coefficient * da, model.Parameters[LinearRecurrenceModel.RecurrentWeight], 1e-6);
    }

    [Fact]
    public void Evaluate_returns_the_loss_train_batch_would_and_changes_nothing()
    {
        float[] x = TrainingData.Uniform(12, seed: 17);
        float[] targets = TrainingData.Uniform(12, seed: 18);
        var model = new LinearRecurrenceModel(0.3f, 0.4f, 0.1f, 0.2f);
        var optimizer = new Adam(0.1f);
        using var trainer = new Trainer<LinearRecurrenceModel>(model, optimizer, Loss.MeanSquaredError);
        float[] parameters = model.Parameters.ToArray();

        float evaluated = trainer.Evaluate(x, targets, batchSize: 3, sequenceLength: 4);

        Assert.Equal(parameters, model.Parameters.ToArray());
        Assert.Equal(0, optimizer.StepCount);
        Assert.Equal(evaluated, trainer.TrainBatch(x, targets, batchSize: 3, sequenceLength: 4));
        Assert.NotEqual(parameters, model.Parameters.ToArray());
    }
}
