using System;
using System.Collections.Generic;
using System.IO;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>Writes a trainer checkpoint of the current format version.</summary>
internal static class CheckpointWriter
{
    /// <summary>
    /// Writes the parameters, the optimizer's kind, hyperparameters, step count and state buffers, and the carried
    /// state (<paramref name="carriedRows"/> rows of <see cref="ModelDescriptor.StateLength"/> floats in
    /// <paramref name="carriedStates"/>); the parameters and the buffers (both in the storage layout) in canonical order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The optimizer's state belongs to a model of another size.</exception>
    /// <exception cref="ArgumentException"><paramref name="carriedStates"/> is not <paramref name="carriedRows"/> states long.</exception>
    public static void Write(
        Stream stream, ModelDescriptor model, ReadOnlySpan<float> parameters, ICheckpointOptimizer optimizer, int carriedRows, ReadOnlySpan<float> carriedStates)
    {
        bool hasState = optimizer.StateLength != 0;
        if (hasState && optimizer.StateLength != model.StorageLength)
        {
            throw new InvalidOperationException(
                $"The optimizer's state is sized for {optimizer.StateLength} parameters, '{model.Signature}' stores {model.StorageLength}: it has stepped another model.");
        }

        if (carriedStates.Length != (long)carriedRows * model.StateLength)
        {
            throw new ArgumentException(
                $"{carriedRows} carried rows of '{model.Signature}' hold {(long)carriedRows * model.StateLength} floats, the span {carriedStates.Length}.",
                nameof(carriedStates));
        }

        var writer = new FrameWriter(stream);
        writer.WriteBytes(CheckpointFormat.Magic);
        writer.WriteUInt32(CheckpointFormat.CurrentVersion);
        writer.WriteString(model.Signature, "signature", ModelFileFormat.MaxSignatureBytes);

        // One buffer turns the parameters and then each state buffer into canonical order.
        float[] canonical = new float[model.ParameterCount];
        writer.WriteInt32(model.ParameterCount);
        model.GatherCanonical(parameters, canonical);
        writer.WriteFloats(canonical);

        writer.WriteString(optimizer.Kind, "optimizer", CheckpointFormat.MaxNameBytes);
        KeyValuePair<string, float>[] hyperparameters = optimizer.Hyperparameters();
        writer.WriteInt32(hyperparameters.Length);
        foreach (KeyValuePair<string, float> hyperparameter in hyperparameters)
        {
            writer.WriteString(hyperparameter.Key, "hyperparameter name", CheckpointFormat.MaxNameBytes);
            writer.WriteFloats([hyperparameter.Value]);
        }

        writer.WriteInt64(optimizer.StepCount);
        writer.WriteInt32(hasState ? model.ParameterCount : 0);
        writer.WriteInt32(optimizer.StateNames.Count);
        for (int i = 0; i < optimizer.StateNames.Count; i++)
        {
            writer.WriteString(optimizer.StateNames[i], "state buffer name", CheckpointFormat.MaxNameBytes);
            if (hasState)
            {
                model.GatherCanonical(optimizer.StateBuffer(i), canonical);
                writer.WriteFloats(canonical);
            }
        }

        writer.WriteInt32(carriedRows);
        writer.WriteInt32(model.StateLength);
        writer.WriteFloats(carriedStates);
        writer.WriteChecksum();
    }
}
