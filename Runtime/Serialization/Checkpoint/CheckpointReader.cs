using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>Reads and checks a whole trainer checkpoint for a given model, optimizer and carry setting.</summary>
/// <remarks>
/// The structure is checked as the bytes arrive, so that every allocation is bounded by the model's size (or, for
/// the carried state, by the bytes actually present). Whether the optimizer and the carried state fit the trainer
/// is checked after the checksum, so that a damaged file is reported as damaged, not as a different optimizer.
/// </remarks>
internal static class CheckpointReader
{
    private const string Document = "checkpoint";

    /// <summary>Reads <paramref name="stream"/> to its end and returns its contents once every check has passed.</summary>
    /// <exception cref="ModelFormatException">The stream is not a valid checkpoint for this model, optimizer and carry setting.</exception>
    public static CheckpointContents Read(Stream stream, ModelDescriptor model, ICheckpointOptimizer optimizer, bool carriesState)
    {
        var reader = new FrameReader(stream, Document);
        reader.ReadMagic(CheckpointFormat.Magic);
        reader.ReadVersion(CheckpointFormat.OldestVersion, CheckpointFormat.CurrentVersion);

        // Checked before anything else so that loading another model's checkpoint says so, not that a count is wrong.
        string signature = reader.ReadString("signature", 1, ModelFileFormat.MaxSignatureBytes);
        if (signature != model.Signature)
        {
            throw reader.Error("signature", $"names another model. The checkpoint holds a model '{Printable.Escape(signature)}', this trainer's model is '{model.Signature}'.");
        }

        int count = reader.ReadInt32("parameter count");
        if (count != model.ParameterCount)
        {
            throw reader.Error("parameter count", $"is {count}, expected {model.ParameterCount} (the parameters of '{model.Signature}').");
        }

        float[] parameters = new float[model.ParameterCount];
        reader.ReadFloats(parameters, "parameters");

        string kind = reader.ReadString("optimizer", 1, CheckpointFormat.MaxNameBytes);
        KeyValuePair<string, float>[] hyperparameters = ReadHyperparameters(reader);
        long stepCount = reader.ReadInt64("step count");
        if (stepCount < 0)
        {
            throw reader.Error("step count", $"is {stepCount}, expected 0 or more.");
        }

        if (stepCount == long.MaxValue)
        {
            throw reader.Error("step count", $"is {stepCount}, the most a step count holds: the next step would wrap it, and Adam's bias corrections with it.");
        }

        bool hasState = stepCount > 0;
        ReadStateLength(reader, model, stepCount);
        (string[] bufferNames, float[][] buffers) = ReadStateBuffers(reader, hasState ? model.ParameterCount : 0);
        (int carriedRows, float[] carriedStates) = ReadCarriedState(reader, model);
        reader.ReadChecksum();
        reader.ReadEnd();

        CheckOptimizer(reader, optimizer, kind, hyperparameters, bufferNames);
        if (carriedRows > 0 && !carriesState)
        {
            throw reader.Error(
                "carried rows",
                $"is {carriedRows}, but this trainer does not carry state (TrainerOptions.CarryState is off): it could not continue those rows.");
        }

        return new CheckpointContents(parameters, stepCount, hasState ? buffers : null, carriedRows, carriedStates);
    }

    private static KeyValuePair<string, float>[] ReadHyperparameters(FrameReader reader)
    {
        int count = reader.ReadCount("hyperparameter count", 0, CheckpointFormat.MaxHyperparameters);
        var hyperparameters = new KeyValuePair<string, float>[count];
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString("hyperparameter name", 1, CheckpointFormat.MaxNameBytes);
            float value = 0;
            reader.ReadFloats(new Span<float>(ref value), "hyperparameter value");
            hyperparameters[i] = new(name, value);
        }

        return hyperparameters;
    }

    /// <summary>An optimizer has state exactly when it has taken a step (PyTorch's state dict is empty before).</summary>
    private static void ReadStateLength(FrameReader reader, ModelDescriptor model, long stepCount)
    {
        int length = reader.ReadInt32("optimizer state length");
        if (stepCount > 0 && length != model.ParameterCount)
        {
            throw reader.Error(
                "optimizer state length",
                $"is {length}, expected {model.ParameterCount}: after {stepCount} steps the optimizer keeps state for each parameter of '{model.Signature}'.");
        }

        if (stepCount == 0 && length != 0)
        {
            throw reader.Error("optimizer state length", $"is {length}, expected 0: an optimizer that has taken no step has no state yet.");
        }
    }

    private static (string[] Names, float[][] Buffers) ReadStateBuffers(FrameReader reader, int length)
    {
        int count = reader.ReadCount("state buffer count", 0, CheckpointFormat.MaxStateBuffers);
        string[] names = new string[count];
        float[][] buffers = new float[count][];
        for (int i = 0; i < count; i++)
        {
            names[i] = reader.ReadString("state buffer name", 1, CheckpointFormat.MaxNameBytes);
            buffers[i] = new float[length];
            reader.ReadFloats(buffers[i], names[i]);
        }

        return (names, buffers);
    }

    private static (int Rows, float[] States) ReadCarriedState(FrameReader reader, ModelDescriptor model)
    {
        int rows = reader.ReadCount("carried rows", 0, int.MaxValue);
        int perRow = reader.ReadInt32("carried state length");
        if (perRow != model.StateLength)
        {
            throw reader.Error("carried state length", $"is {perRow}, expected {model.StateLength} (the recurrent state floats per row of '{model.Signature}').");
        }

        long floats = (long)rows * perRow;
        if (floats > Array.MaxLength)
        {
            throw reader.Error("carried rows", $"is {rows}: {rows} rows of {perRow} floats are more than an array holds.");
        }

        // The batch size is the user's choice, so nothing bounds it in advance: the buffer grows with the bytes read.
        return (rows, reader.ReadGrowingFloats((int)floats, "carried state"));
    }

    /// <summary>
    /// The checkpoint's optimizer must be the trainer's: same kind, same hyperparameters except the learning rate
    /// (the trainer's own is used), same state buffers.
    /// </summary>
    private static void CheckOptimizer(FrameReader reader, ICheckpointOptimizer optimizer, string kind, KeyValuePair<string, float>[] hyperparameters, string[] bufferNames)
    {
        string expectedKind = optimizer.Kind;
        if (kind != expectedKind)
        {
            throw reader.Error("optimizer", $"names another optimizer. The checkpoint was saved with {Printable.Escape(kind)}, this trainer's optimizer is {expectedKind}.");
        }

        KeyValuePair<string, float>[] expected = optimizer.Hyperparameters();
        if (hyperparameters.Length != expected.Length)
        {
            throw reader.Error("hyperparameter count", $"is {hyperparameters.Length}, expected {expected.Length} (the hyperparameters of {kind}).");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            (string name, float value) = hyperparameters[i];
            if (name != expected[i].Key)
            {
                throw reader.Error("hyperparameter name", $"is '{Printable.Escape(name)}', expected '{expected[i].Key}' (hyperparameter {i} of {kind}).");
            }

            if (name != CheckpointFormat.LearningRate && value != expected[i].Value)
            {
                throw reader.Error(
                    name,
                    $"is {Format(value)} in the checkpoint, this trainer's {kind} has {Format(expected[i].Value)}. Only the learning rate may differ when resuming.");
            }
        }

        IReadOnlyList<string> expectedNames = optimizer.StateNames;
        if (bufferNames.Length != expectedNames.Count)
        {
            throw reader.Error("state buffer count", $"is {bufferNames.Length}, expected {expectedNames.Count} (the state buffers of this {kind}).");
        }

        for (int i = 0; i < bufferNames.Length; i++)
        {
            if (bufferNames[i] != expectedNames[i])
            {
                throw reader.Error("state buffer name", $"is '{Printable.Escape(bufferNames[i])}', expected '{expectedNames[i]}' (state buffer {i} of {kind}).");
            }
        }
    }

    private static string Format(float value) => value.ToString(CultureInfo.InvariantCulture);
}
