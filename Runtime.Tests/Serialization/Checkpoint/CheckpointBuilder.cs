using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using RnnCodegen.Serialization;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Assembles a trainer checkpoint field by field as docs/model-file-format.md describes it, independently of the
/// library's writer: the tests' reference for valid checkpoints, and the way to forge any one field.
/// Null overrides mean "the value that makes the file valid".
/// </summary>
internal sealed record CheckpointBuilder(string Signature, float[] Parameters, int CarriedStateLength)
{
    public static readonly byte[] ValidMagic = [0x89, 0x52, 0x4E, 0x43, 0x0D, 0x0A, 0x1A, 0x0A];

    public byte[] Magic { get; init; } = ValidMagic;

    public uint Version { get; init; } = 1;

    public int? SignatureLength { get; init; }

    public int? ParameterCount { get; init; }

    public string Optimizer { get; init; } = "Sgd";

    public IReadOnlyList<(string Name, float Value)> Hyperparameters { get; init; } = [];

    public int? HyperparameterCount { get; init; }

    public long StepCount { get; init; }

    /// <summary>Null: the parameter count once the optimizer has stepped, else 0.</summary>
    public int? StateLength { get; init; }

    public IReadOnlyList<(string Name, float[] Values)> StateBuffers { get; init; } = [];

    public int? StateBufferCount { get; init; }

    public int? CarriedRows { get; init; }

    public float[] CarriedStates { get; init; } = [];

    /// <summary>Null: <see cref="CarriedStateLength"/>, the model's.</summary>
    public int? CarriedStateLengthField { get; init; }

    public uint? Checksum { get; init; }

    public byte[] Trailing { get; init; } = [];

    public byte[] ToBytes()
    {
        var body = new MemoryStream();
        body.Write(Magic);
        WriteUInt32(body, Version);
        byte[] signature = Encoding.UTF8.GetBytes(Signature);
        WriteInt32(body, SignatureLength ?? signature.Length);
        body.Write(signature);
        WriteInt32(body, ParameterCount ?? Parameters.Length);
        WriteFloats(body, Parameters);
        WriteText(body, Optimizer);
        WriteInt32(body, HyperparameterCount ?? Hyperparameters.Count);
        foreach ((string name, float value) in Hyperparameters)
        {
            WriteText(body, name);
            WriteFloats(body, [value]);
        }

        Span<byte> step = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(step, StepCount);
        body.Write(step);
        WriteInt32(body, StateLength ?? (StepCount > 0 ? Parameters.Length : 0));
        WriteInt32(body, StateBufferCount ?? StateBuffers.Count);
        foreach ((string name, float[] values) in StateBuffers)
        {
            WriteText(body, name);
            WriteFloats(body, values);
        }

        WriteInt32(body, CarriedRows ?? (CarriedStateLength == 0 ? 0 : CarriedStates.Length / CarriedStateLength));
        WriteInt32(body, CarriedStateLengthField ?? CarriedStateLength);
        WriteFloats(body, CarriedStates);
        WriteUInt32(body, Checksum ?? Crc32.Compute(body.ToArray()));
        body.Write(Trailing);
        return body.ToArray();
    }

    private static void WriteFloats(MemoryStream stream, float[] values)
    {
        Span<byte> bytes = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }

    private static void WriteText(MemoryStream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteInt32(MemoryStream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteUInt32(MemoryStream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
