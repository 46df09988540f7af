using System;
using RnnCodegen.Layout;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>The trainer's argument checks: once per call, before any work, with messages that name expected and actual.</summary>
public sealed partial class Trainer<TModel>
{
    private static string ModelName => typeof(TModel).Name;

    private void CheckModel(TModel model, Loss loss)
    {
        if (model.Parameters.Length != _descriptor.StorageLength || model.Gradients.Length != _descriptor.StorageLength)
        {
            throw new ArgumentException(
                $"{ModelName} should hold {_descriptor.StorageLength} parameters and gradients, holds {model.Parameters.Length} and {model.Gradients.Length}.",
                nameof(model));
        }

        if (loss.TakesClasses && _descriptor.Layers[^1].Kind != LayerKind.Dense)
        {
            throw new ArgumentException(
                $"{loss} works on the logits of a last Dense layer, but {ModelName} ({_descriptor.Signature}) ends with {_descriptor.Layers[^1].Kind}.",
                nameof(loss));
        }
    }

    private static void CheckOptions(TrainerOptions options)
    {
        if (options.MaxSequenceLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSequenceLength, $"TrainerOptions.MaxSequenceLength must be positive, was {options.MaxSequenceLength}.");
        }

        long tape = (options.MaxSequenceLength + 1L) * BatchPass<TModel>.TileRows * Math.Max(TModel.TapeLengthPerStep, TModel.Descriptor.OutputSize);
        if (tape > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSequenceLength, $"TrainerOptions.MaxSequenceLength {options.MaxSequenceLength} needs a tape of {tape} floats, more than an array holds.");
        }

        if (options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, $"TrainerOptions.MaxDegreeOfParallelism must be positive, was {options.MaxDegreeOfParallelism}.");
        }

        if (options.ClipGradientNorm is float maxNorm)
        {
            GradientClipping.CheckMaxNorm(maxNorm, nameof(options));
        }
    }

    private void CheckBatch(int inputCount, bool tokenInput, int targetCount, bool classTargets, int batchSize, int sequenceLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be positive, was {batchSize}.");
        }

        if (sequenceLength < 1 || sequenceLength > Options.MaxSequenceLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sequenceLength),
                sequenceLength,
                $"sequenceLength must be in [1, {Options.MaxSequenceLength}] (TrainerOptions.MaxSequenceLength), was {sequenceLength}.");
        }

        CheckInputs(inputCount, tokenInput, batchSize, sequenceLength);
        if (classTargets != Loss.TakesClasses)
        {
            throw new ArgumentException(
                Loss.TakesClasses
                    ? $"{Loss} takes class indices: pass the targets as ReadOnlySpan<int>."
                    : $"{Loss} takes float targets: pass them as ReadOnlySpan<float>.",
                classTargets ? "classes" : "targets");
        }

        long expected = (long)batchSize * TargetSteps(sequenceLength) * (classTargets ? 1 : _descriptor.OutputSize);
        if (targetCount != expected)
        {
            string steps = Options.LastStepOnly ? "1 step (LastStepOnly)" : $"sequenceLength {sequenceLength}";
            throw classTargets
                ? CountMismatch(targetCount, expected, $"batchSize {batchSize} × {steps}", "class indices", "classes")
                : CountMismatch(targetCount, expected, $"batchSize {batchSize} × {steps} × OutputSize {_descriptor.OutputSize}", "targets", "targets");
        }
    }

    /// <summary>
    /// Training keeps every row's tape and deltas until the batch's weight gradients are summed (evaluation one row
    /// per group): refuses a batch whose buffers no array can hold, before anything changes.
    /// </summary>
    private static void CheckTapeFits(int batchSize, int steps, bool train)
    {
        (long tape, long deltas) = BatchPass<TModel>.TrainingFloats(train ? batchSize : BatchPass<TModel>.EvaluationRows(batchSize), steps);
        if (Math.Max(tape, deltas) > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize),
                batchSize,
                $"A batch of {batchSize} sequences of {steps} steps needs {tape} floats of tape and {deltas} floats of deltas for {ModelName}, more than an array holds ({Array.MaxLength}): use smaller batches or shorter sequences.");
        }
    }

    private void CheckClasses(ReadOnlySpan<int> classes, int sequenceLength)
    {
        int targetSteps = TargetSteps(sequenceLength);
        CrossEntropyLoss.CheckClasses(classes, _descriptor.OutputSize, targetSteps, sequenceLength - targetSteps, nameof(classes));
    }

    private int TargetSteps(int sequenceLength) => Options.LastStepOnly ? 1 : sequenceLength;

    private void CheckInputs(int inputCount, bool tokenInput, int batchSize, int sequenceLength)
    {
        if (tokenInput != _descriptor.TokenInput)
        {
            throw new ArgumentException(
                _descriptor.TokenInput
                    ? $"{ModelName} takes tokens (its first layer is an Embedding): pass them as ReadOnlySpan<int>."
                    : $"{ModelName} takes {_descriptor.InputSize} floats per step, not tokens: pass the inputs as ReadOnlySpan<float>.",
                tokenInput ? "tokens" : "inputs");
        }

        long expected = (long)batchSize * sequenceLength * (tokenInput ? 1 : _descriptor.InputSize);
        if (inputCount != expected)
        {
            throw tokenInput
                ? CountMismatch(inputCount, expected, $"batchSize {batchSize} × sequenceLength {sequenceLength}", "tokens", "tokens")
                : CountMismatch(inputCount, expected, $"batchSize {batchSize} × sequenceLength {sequenceLength} × InputSize {_descriptor.InputSize}", "inputs", "inputs");
        }
    }

    private void CheckTokens(ReadOnlySpan<int> tokens, int sequenceLength)
    {
        int vocabulary = _descriptor.VocabularySize;
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)vocabulary)
            {
                (int row, int step) = Math.DivRem(i, sequenceLength);
                throw new ArgumentOutOfRangeException(
                    nameof(tokens), tokens[i], $"Token {tokens[i]} at batch row {row}, step {step} is outside the vocabulary [0, {vocabulary}).");
            }
        }
    }

    private static ArgumentException CountMismatch(int actual, long expected, string product, string what, string parameterName) =>
        new($"Expected {product} = {expected} {what}, got {actual}.", parameterName);
}
