using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using RnnCodegen;
using TextGenerator;

// A character-level language model trained on this project's own documentation: train (resuming from a checkpoint
// when there is one), report perplexity on held-out text, then write new text with a seed, a temperature and top-k.
const int BatchSize = 32;
const int Steps = 48;
const int CheckpointEvery = 100;

Options? options = Options.Parse(args, out string error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

Corpus corpus = Corpus.Load();
Console.WriteLine($"corpus: {corpus.Length:N0} characters of this project's docs ({corpus.Documents.Length} files: {string.Join(", ", corpus.Documents)}); "
    + $"{corpus.Skipped} characters outside the vocabulary left out");
Console.WriteLine($"{nameof(CharModel)}: {CharModel.Descriptor.Signature}, {CharModel.ParameterCount:N0} parameters");

var model = new CharModel(seed: 1);
using var trainer = new Trainer<CharModel>(model, new Adam(learningRate: 1e-2f), Loss.CrossEntropy,
    new TrainerOptions { MaxSequenceLength = Steps, ClipGradientNorm = 1f });
if (!options.Fresh && File.Exists(options.Checkpoint))
{
    try
    {
        trainer.LoadCheckpoint(options.Checkpoint);
    }
    catch (ModelFormatException e)
    {
        Console.Error.WriteLine($"cannot resume from {options.Checkpoint}: {e.Message}");
        Console.Error.WriteLine("start over with --fresh, or name another file with --checkpoint");
        return 1;
    }

    Console.WriteLine($"resumed from {options.Checkpoint} after {trainer.Optimizer.StepCount} batches");
}

int windows = corpus.ValidationWindows(Steps, out int[] validationTokens, out int[] validationNext);
double Perplexity() => Math.Exp(trainer.Evaluate(validationTokens, validationNext, windows, Steps));
Console.WriteLine($"validation perplexity {Perplexity():F2} on {windows * Steps:N0} held-out characters (a uniform guess scores {Vocabulary.Size})");

// Ctrl+C stops after the current batch and saves a checkpoint: run the sample again to continue.
bool stopRequested = false;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopRequested = true;
};

int[] tokens = new int[BatchSize * Steps];
int[] nextTokens = new int[BatchSize * Steps];
int first = (int)trainer.Optimizer.StepCount;
var clock = Stopwatch.StartNew();
int done = TrainingProgress.Run(first, options.Batches, batch =>
{
    corpus.FillBatch(batch, tokens, nextTokens, BatchSize, Steps);
    float loss = trainer.TrainBatch(tokens, nextTokens, BatchSize, Steps);
    if ((batch + 1) % CheckpointEvery == 0)
    {
        trainer.SaveCheckpoint(options.Checkpoint);
    }

    return loss;
}, () => stopRequested);

if (done > first)
{
    trainer.SaveCheckpoint(options.Checkpoint);
    Console.WriteLine($"{(stopRequested ? "stopped" : "trained")} batches {first + 1}–{done} of {BatchSize}×{Steps} characters in {clock.Elapsed.TotalSeconds:F1} s; "
        + $"checkpoint {options.Checkpoint}");
    Console.WriteLine($"validation perplexity {Perplexity():F2}");
}
else
{
    Console.WriteLine($"the checkpoint already holds {first} batches: nothing to train (ask for more with --batches, or start over with --fresh)");
}

// Writing: read the prime text, then feed each drawn character back in as the next input.
var sampler = new Sampler(options.Seed, options.Temperature, options.TopK);
Span<float> probabilities = stackalloc float[CharModel.OutputSize];
model.Reset();
foreach (int token in Vocabulary.Encode(options.Prime, out _))
{
    model.Step(token, probabilities);
}

var text = new StringBuilder(options.Prime);
for (int i = 0; i < options.Length; i++)
{
    int token = sampler.Next(probabilities);
    text.Append(Vocabulary.Decode(token));
    model.Step(token, probabilities);
}

Console.WriteLine($"--- sample: seed {options.Seed}, temperature {options.Temperature}, top-k {options.TopK} ---");
Console.WriteLine(text);
return 0;
