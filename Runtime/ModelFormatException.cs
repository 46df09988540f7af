using System;

namespace RnnCodegen;

/// <summary>
/// A model file (native, safetensors or ONNX) or a trainer checkpoint is truncated, corrupted, forged, or made for another model.
/// The message names what is wrong; the model that was loading into is left unchanged.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Creates the exception with a message that names the problem.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that revealed the problem.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
