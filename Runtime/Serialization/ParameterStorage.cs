using System;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>Argument checks and conversions of a model's parameter storage shared by the file formats.</summary>
internal static class ParameterStorage
{
    /// <summary>Throws unless <paramref name="storage"/> is exactly <paramref name="model"/>'s storage length.</summary>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static void Check(ModelDescriptor model, ReadOnlySpan<float> storage)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (storage.Length != model.StorageLength)
        {
            throw new ArgumentException($"The parameter storage of '{model.Signature}' holds {model.StorageLength} floats, the span {storage.Length}.", nameof(storage));
        }
    }

    /// <summary>The parameters in state-dict order, so a file does not depend on the storage layout.</summary>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static float[] ToCanonical(ModelDescriptor model, ReadOnlySpan<float> storage)
    {
        Check(model, storage);
        float[] canonical = new float[model.ParameterCount];
        lock (ParameterUpdateLock.Instance)
        {
            model.GatherCanonical(storage, canonical);
        }

        return canonical;
    }

    /// <summary>A copy of <paramref name="storage"/> as it is between two updates (in the kernels' layout), for a writer that reads it longer than an update takes.</summary>
    /// <exception cref="ArgumentException"><paramref name="storage"/> has the wrong length.</exception>
    public static float[] Snapshot(ModelDescriptor model, ReadOnlySpan<float> storage)
    {
        Check(model, storage);
        lock (ParameterUpdateLock.Instance)
        {
            return storage.ToArray();
        }
    }
}
