using System.IO;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Inference;

/// <summary>A trained model survives both file formats bit for bit and predicts identically after loading.</summary>
public sealed class TrainedRoundTripTests
{
    [Fact]
    public void TrainedModelRoundTripsThroughBothFormats()
    {
        LstmPeepholeModel model = Trained();
        float[] inputs = new float[6 * LstmPeepholeModel.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = MathF.Sin(i);
        }

        float[] expected = new float[6 * LstmPeepholeModel.OutputSize];
        model.Predict(inputs, expected);
        string native = Path.Combine(Path.GetTempPath(), $"rnncodegen-{Guid.NewGuid():N}.rnn");
        string safetensors = Path.ChangeExtension(native, ".safetensors");
        try
        {
            model.Save(native);
            model.ExportSafetensors(safetensors);
            using var stream = new MemoryStream();
            model.Save(stream);
            stream.Position = 0;

            var imported = new LstmPeepholeModel(seed: 99);
            imported.ImportSafetensors(safetensors);
            foreach (LstmPeepholeModel loaded in new[] { LstmPeepholeModel.Load(native), LstmPeepholeModel.Load(stream), imported })
            {
                Assert.True(model.Parameters.SequenceEqual(loaded.Parameters), "parameters differ after the round trip");
                float[] actual = new float[expected.Length];
                loaded.Predict(inputs, actual);
                Assert.Equal(expected, actual);
            }
        }
        finally
        {
            File.Delete(native);
            File.Delete(safetensors);
        }
    }

    private static LstmPeepholeModel Trained()
    {
        var model = new LstmPeepholeModel(seed: 4);
        const int Batch = 4;
        const int Steps = 5;
        float[] inputs = new float[Batch * Steps * LstmPeepholeModel.InputSize];
        float[] targets = new float[Batch * Steps * LstmPeepholeModel.OutputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = MathF.Cos(i * 0.7f);
        }

        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = (i % 3) * 0.4f;
        }

        using var trainer = new Trainer<LstmPeepholeModel>(model, new Adam(0.05f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps });
        for (int i = 0; i < 5; i++)
        {
            trainer.TrainBatch(inputs, targets, Batch, Steps);
        }

        return model;
    }
}
