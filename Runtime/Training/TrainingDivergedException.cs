using System;

namespace RnnCodegen;

/// <summary>
/// A training step produced a NaN or infinite loss or gradient. The message names what became non-finite; the step
/// was abandoned before the update, so the parameters, the optimizer state and any carried state are as they were.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception with no message.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message that names what became non-finite.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
