using System;
using System.Collections.Generic;
using System.IO;
using RnnCodegen.Layout;
using RnnCodegen.Training;

namespace RnnCodegen.Serialization;

/// <summary>Writes a trainer checkpoint of the current format version.</summary>
internal static class CheckpointWriter
{
    /// <summary>
    /// Writes the parameters, the optimizer's kind, hyperparameters, step count and state buffers, and the carried
    /// state; the parameters and the buffers (both in the storage layout) in canonical order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The optimizer's state belongs to a model of another size.</exception>
    public static void Write(Stream stream, ModelDescriptor model, ReadOnlySpan<float> parameters, Optimizer optimizer, CarriedState? carried)
    {
        bool hasState = optimizer.StateLength != 0;
        if (hasState && optimizer.StateLength != model.StorageLength)
        {
            throw new InvalidOperationException(
                $"The optimizer's state is sized for {optimizer.StateLength} parameters, '{model.Signature}' stores {model.StorageLength}: it has stepped another model.");
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

        writer.WriteString(CheckpointOptimizer.Kind(optimizer), "optimizer", CheckpointFormat.MaxNameBytes);
        KeyValuePair<string, float>[] hyperparameters = CheckpointOptimizer.Hyperparameters(optimizer);
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

        writer.WriteInt32(carried?.Rows ?? 0);
        writer.WriteInt32(model.StateLength);
        writer.WriteFloats(carried is null ? [] : carried.StartStates);
        writer.WriteChecksum();
    }
}
