using System;
using System.Diagnostics;
using System.IO;
using RnnCodegen;
using RnnCodegen.Serialization;
using PyTorchInterop;

// Imports the LSTM that train.py trained in PyTorch, checks it computes what PyTorch computed, fine-tunes it on
// measurements of a stiffer spring, and exports it under the PyTorch module's own tensor names for check.py.
// The files live next to this sample; run it from there, or pass their folder as the first argument.
const float Tolerance = 1e-5f;
const int BatchSize = 8;
const int ValidationSequences = 8;
const int Epochs = 10;

string folder = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
string modelPath = Path.Combine(folder, "model.safetensors");
if (!File.Exists(modelPath))
{
    Console.Error.WriteLine($"{modelPath} not found: run from samples/PyTorchInterop, or pass that folder as the first argument.");
    return 2;
}

// train.py saved model.state_dict() as it is: lstm.weight_ih_l0 … lstm.bias_hh_l1, head.weight, head.bias.
var model = new Oscillator();
model.ImportSafetensors(modelPath);
Console.WriteLine($"imported model.safetensors: {Oscillator.Descriptor.Signature}, {Oscillator.ParameterCount} parameters");

SequenceTable reference = SequenceTable.Read(Path.Combine(folder, "reference.csv"));
float[] referenceForce = reference.Select(0, reference.Sequences, "force");
float[] pytorchOutputs = reference.Select(0, reference.Sequences, "position", "velocity");
float[] outputs = PredictAll(model, referenceForce, reference.Sequences);
float difference = LargestDifference(outputs, pytorchOutputs);
Console.WriteLine($"largest difference from PyTorch's outputs on {reference.Sequences} sequences of {reference.Steps} steps: {difference:0.00E+0}");
if (!(difference <= Tolerance)) // written so that a NaN fails too
{
    Console.Error.WriteLine($"FAILED: the imported model differs from PyTorch by more than {Tolerance:0E+0}.");
    return 1;
}

// The device the model is deployed on has a stiffer spring than PyTorch's simulator: adapt to its recordings.
SequenceTable measurements = SequenceTable.Read(Path.Combine(folder, "measurements.csv"));
int trainingSequences = measurements.Sequences - ValidationSequences;
float[] force = measurements.Select(0, trainingSequences, "force");
float[] motion = measurements.Select(0, trainingSequences, "position", "velocity");
float[] validationForce = measurements.Select(trainingSequences, ValidationSequences, "force");
float[] validationMotion = measurements.Select(trainingSequences, ValidationSequences, "position", "velocity");
int steps = measurements.Steps;
int batchLength = BatchSize * steps;
float before, after;
double seconds;
using (var trainer = new Trainer<Oscillator>(model, new Adam(learningRate: 3e-3f), Loss.MeanSquaredError,
    new TrainerOptions { MaxSequenceLength = steps, ClipGradientNorm = 1f }))
{
    before = trainer.Evaluate(validationForce, validationMotion, ValidationSequences, steps);
    var clock = Stopwatch.StartNew();
    for (int epoch = 0; epoch < Epochs; epoch++)
    {
        for (int first = 0; first + BatchSize <= trainingSequences; first += BatchSize)
        {
            trainer.TrainBatch(force.AsSpan(first * steps, batchLength), motion.AsSpan(first * steps * Oscillator.OutputSize, batchLength * Oscillator.OutputSize), BatchSize, steps);
        }
    }

    seconds = clock.Elapsed.TotalSeconds;
    after = trainer.Evaluate(validationForce, validationMotion, ValidationSequences, steps);
}

Console.WriteLine($"fine-tuned on {trainingSequences} measured sequences, {Epochs} epochs of batches of {BatchSize} in {seconds:F1} s: validation MSE {before:F5} -> {after:F5}");
if (!(after < before))
{
    Console.Error.WriteLine("FAILED: fine-tuning did not lower the validation loss.");
    return 1;
}

// The same names train.py's module uses, so PyTorch's load_state_dict(strict=True) takes the file.
string exportPath = Path.Combine(folder, "finetuned.safetensors");
model.ExportSafetensors(exportPath, new TorchModule("lstm", Layers: 2), new TorchModule("head"));
string outputsPath = Path.Combine(folder, "finetuned_outputs.csv");
SequenceTable.Write(outputsPath, reference.Sequences, reference.Steps, PredictAll(model, referenceForce, reference.Sequences), "position", "velocity");
Console.WriteLine("exported finetuned.safetensors (PyTorch's names) and finetuned_outputs.csv (its outputs on reference.csv); check.py loads them back into PyTorch");
return 0;

// Each sequence from a zero state, as PyTorch's forward does without h0/c0.
static float[] PredictAll(Oscillator model, float[] inputs, int sequences)
{
    int inputLength = inputs.Length / sequences;
    int outputLength = inputLength / Oscillator.InputSize * Oscillator.OutputSize;
    float[] outputs = new float[sequences * outputLength];
    for (int n = 0; n < sequences; n++)
    {
        model.Predict(inputs.AsSpan(n * inputLength, inputLength), outputs.AsSpan(n * outputLength, outputLength));
    }

    return outputs;
}

static float LargestDifference(float[] actual, float[] expected)
{
    float largest = 0;
    for (int i = 0; i < actual.Length; i++)
    {
        // NaN compares false, so it becomes the result instead of being skipped.
        float difference = MathF.Abs(actual[i] - expected[i]);
        largest = difference > largest || float.IsNaN(difference) ? difference : largest;
    }

    return largest;
}
