using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using PyTorchInterop;
using RnnCodegen;
using RnnCodegen.Serialization;

// The C# half of the round trip (see pytorch_side.py): import a model trained in PyTorch under its own names, check
// it computes what PyTorch computed, fine-tune it here, and export it so PyTorch loads it back with strict=True.
string data = args.Length > 0 ? args[0] : Path.Combine(SourceFolder(), "data");
(float[] inputs, float[] pytorchOutputs) = ReadColumns(Path.Combine(data, "reference.csv"));

var model = new Forecaster();
model.ImportSafetensors(Path.Combine(data, "model.safetensors")); // lstm.weight_ih_l0 … lstm.bias_hh_l1, head.weight, head.bias
float[] outputs = new float[inputs.Length];
model.Predict(inputs, outputs);
float difference = LargestDifference(outputs, pytorchOutputs);
Console.WriteLine($"imported {Forecaster.Descriptor.Signature}; largest difference from PyTorch's outputs: {difference:E2}");
if (!(difference <= 1e-5f))
{
    Console.Error.WriteLine("The imported model does not compute what PyTorch computed (the promise is within 1e-5).");
    return 1;
}

// Fine-tune on faster waves than PyTorch trained on.
const int BatchSize = 16;
const int Steps = 48;
var random = new Random(5);
float[] batchInputs = new float[BatchSize * Steps];
float[] batchTargets = new float[BatchSize * Steps];
float[] validationInputs = new float[BatchSize * Steps];
float[] validationTargets = new float[BatchSize * Steps];
FastWaves(new Random(6), validationInputs, validationTargets);
using (var trainer = new Trainer<Forecaster>(model, new Adam(learningRate: 3e-3f), Loss.MeanSquaredError, new TrainerOptions { MaxSequenceLength = Steps }))
{
    Console.WriteLine($"faster waves, before fine-tuning: validation MSE {trainer.Evaluate(validationInputs, validationTargets, BatchSize, Steps):F5}");
    for (int batch = 0; batch < 300; batch++)
    {
        FastWaves(random, batchInputs, batchTargets);
        trainer.TrainBatch(batchInputs, batchTargets, BatchSize, Steps);
    }

    Console.WriteLine($"faster waves, after 300 batches:  validation MSE {trainer.Evaluate(validationInputs, validationTargets, BatchSize, Steps):F5}");
}

// Export under the PyTorch module's own names, with the outputs PyTorch should reproduce.
string exported = Path.Combine(data, "finetuned.safetensors");
model.ExportSafetensors(exported, new TorchModule("lstm", Layers: 2), new TorchModule("head"));
model.Predict(inputs, outputs);
File.WriteAllLines(Path.Combine(data, "finetuned.csv"),
    ["input,csharp_output", .. inputs.Zip(outputs, (x, y) => string.Create(CultureInfo.InvariantCulture, $"{x:R},{y:R}"))]);
Console.WriteLine($"wrote {exported}; now run: python3 samples/PyTorchInterop/pytorch_side.py check");
return 0;

static void FastWaves(Random random, float[] inputs, float[] targets)
{
    for (int row = 0; row < BatchSize; row++)
    {
        double frequency = 0.3 + (0.2 * random.NextDouble());
        double phase = 2 * Math.PI * random.NextDouble();
        for (int t = 0; t < Steps; t++)
        {
            inputs[(row * Steps) + t] = (float)Math.Sin((frequency * t) + phase);
            targets[(row * Steps) + t] = (float)Math.Sin((frequency * (t + 1)) + phase);
        }
    }
}

static (float[] Inputs, float[] Outputs) ReadColumns(string path)
{
    float[][] rows = [.. File.ReadLines(path).Skip(1).Select(line => line.Split(',').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray())];
    return ([.. rows.Select(row => row[0])], [.. rows.Select(row => row[1])]);
}

static float LargestDifference(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();

static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
