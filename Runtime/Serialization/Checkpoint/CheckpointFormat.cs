using System;

namespace RnnCodegen.Serialization;

/// <summary>The constants of the trainer checkpoint format; docs/model-file-format.md describes every field.</summary>
internal static class CheckpointFormat
{
    /// <summary>The version <see cref="CheckpointWriter"/> writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The oldest version <see cref="CheckpointReader"/> still reads.</summary>
    public const int OldestVersion = 1;

    /// <summary>
    /// The name of the learning rate among the hyperparameters, the one setting a resumed trainer may change:
    /// schedules change it between steps anyway.
    /// </summary>
    public const string LearningRate = "lr";

    /// <summary>Upper bound of the UTF-8 length of a name: the optimizer's kind, a hyperparameter's, a state buffer's.</summary>
    public const int MaxNameBytes = 64;

    /// <summary>Upper bound of the number of hyperparameters.</summary>
    public const int MaxHyperparameters = 16;

    /// <summary>Upper bound of the number of optimizer state buffers (Adam keeps two).</summary>
    public const int MaxStateBuffers = 4;

    /// <summary>
    /// "\x89RNC\r\n\x1A\n": the model file's recipe (<see cref="ModelFileFormat.Magic"/>) with C for checkpoint, so that
    /// neither loader mistakes the other's file for its own.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'R', (byte)'N', (byte)'C', 0x0D, 0x0A, 0x1A, 0x0A];
}
