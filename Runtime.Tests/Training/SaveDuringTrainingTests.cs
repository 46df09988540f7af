using System.Collections.Concurrent;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Collections.Generic;
using System.Threading;
using RnnCodegen.Tests.Serialization;

namespace RnnCodegen.Tests.Training;

/// <summary>
/// <c>Save</c> and <c>SaveCheckpoint</c> from another thread while <c>TrainBatch</c> runs: every file holds the
/// parameters after some whole update (and a checkpoint the step count that goes with them), never a mix of two.
/// </summary>
public sealed class SaveDuringTrainingTests
{
    private const int Batches = 200, Steps = 2;

    [Fact]
    public void Saves_taken_during_training_hold_one_update_each()
    {
        var model = new LargeModel(1);
        using var trainer = new Trainer<LargeModel>(model, new Sgd(0.01f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps });
        var afterStep = new ConcurrentDictionary<long, string> { [0] = Hash(model.Parameters) };
        var modelFiles = new ConcurrentBag<byte[]>();
        var checkpoints = new ConcurrentBag<byte[]>();
        bool done = false;
        var saver = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                modelFiles.Add(Bytes(model.Save));
                checkpoints.Add(Bytes(trainer.SaveCheckpoint));
            }
        });
        saver.Start();
        for (int batch = 0; batch < Batches; batch++)
        {
            trainer.TrainBatch(TrainingData.Uniform(Steps, seed: batch), TrainingData.Uniform(Steps, seed: 1000 + batch), batchSize: 1, Steps);
            afterStep[trainer.Optimizer.StepCount] = Hash(model.Parameters);
        }

        Volatile.Write(ref done, true);
        saver.Join();

        Assert.True(modelFiles.Count > 10, $"only {modelFiles.Count} saves overlapped training");
        HashSet<string> updates = [.. afterStep.Values];
        Assert.All(modelFiles, file => Assert.Contains(Hash(LargeModel.Load(new MemoryStream(file)).Parameters), updates));
        Assert.All(checkpoints, file =>
        {
            using var resumed = new Trainer<LargeModel>(new LargeModel(2), new Sgd(0.01f), Loss.MeanSquaredError);
            resumed.LoadCheckpoint(new MemoryStream(file));
            Assert.Equal(afterStep[resumed.Optimizer.StepCount], Hash(resumed.Model.Parameters));
        });
    }

    private static byte[] Bytes(Action<Stream> save)
    {
        var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    private static string Hash(ReadOnlySpan<float> parameters) => Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
}
