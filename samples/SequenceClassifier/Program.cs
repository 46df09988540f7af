using System;
using System.Diagnostics;
using RnnCodegen;
using SequenceClassifier;

// Many-to-one classification: a GRU reads a noisy signal and, after its last step, names the signal's shape.
// Training uses TrainerOptions.LastStepOnly with Loss.CrossEntropy: one class index per sequence.
const int BatchSize = 32;
const int Steps = 40;
const int Batches = 800;
const int TestSequences = 2000;

var model = new ShapeClassifier(seed: 1);
var training = new Shapes(seed: 2);
var validation = new Shapes(seed: 3);
float[] inputs = new float[BatchSize * Steps];
int[] labels = new int[BatchSize];
float[] validationInputs = new float[BatchSize * 8 * Steps];
int[] validationLabels = new int[BatchSize * 8];
validation.Fill(validationInputs, validationLabels, validationLabels.Length, Steps);

Console.WriteLine($"{nameof(ShapeClassifier)}: {ShapeClassifier.Descriptor.Signature}, {ShapeClassifier.ParameterCount} parameters");
Console.WriteLine($"task: name the shape ({string.Join(", ", Enum.GetNames<Shape>())}) of a noisy {Steps}-step signal");
using (var trainer = new Trainer<ShapeClassifier>(model, new Adam(learningRate: 5e-3f), Loss.CrossEntropy,
    new TrainerOptions { MaxSequenceLength = Steps, LastStepOnly = true, ClipGradientNorm = 1f }))
{
    var clock = Stopwatch.StartNew();
    for (int batch = 1; batch <= Batches; batch++)
    {
        training.Fill(inputs, labels, BatchSize, Steps);
        float loss = trainer.TrainBatch(inputs, labels, BatchSize, Steps);
        if (batch % 100 == 0)
        {
            float validationLoss = trainer.Evaluate(validationInputs, validationLabels, validationLabels.Length, Steps);
            Console.WriteLine($"batch {batch,4}: training cross-entropy {loss:F4}, validation {validationLoss:F4}");
        }
    }

    Console.WriteLine($"trained {Batches} batches of {BatchSize} sequences in {clock.Elapsed.TotalSeconds:F1} s");
}

// Test on sequences never seen in training: run each one through the model, take the last step's probabilities.
var matrix = new ConfusionMatrix(Shapes.Count);
var test = new Shapes(seed: 4);
float[] sequence = new float[Steps];
int[] label = new int[1];
float[] probabilities = new float[Steps * ShapeClassifier.OutputSize];
for (int i = 0; i < TestSequences; i++)
{
    test.Fill(sequence, label, batch: 1, Steps);
    model.Predict(sequence, probabilities);
    ReadOnlySpan<float> last = probabilities.AsSpan((Steps - 1) * ShapeClassifier.OutputSize);
    matrix.Add(label[0], ArgMax(last));
}

Console.WriteLine($"test accuracy {matrix.Accuracy:P1} on {matrix.Total} new sequences (chance: {1.0 / Shapes.Count:P0})");
matrix.Print(c => ((Shape)c).ToString());

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        if (values[i] > values[best])
        {
            best = i;
        }
    }

    return best;
}
