using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Serialization;
using static RnnCodegen.Tests.Serialization.ModelFileTestModels;

namespace RnnCodegen.Tests.Serialization;

/// <summary>
/// Thousands of random damages to a valid file: every import either succeeds with exactly what the damaged file
/// says (read back with an independent parser) or throws <see cref="ModelFormatException"/> with the storage
/// untouched; no other exception may escape.
/// </summary>
public class SafetensorsFuzzTests
{
    private const int Seed = 20241123;

    private const int Iterations = 4000;

    private const string JsonCharacters = "{}[]\",: 0123456789e-.";

    private static readonly byte[] Valid = Exported();

    /// <summary>Values a forger would put in the header length.</summary>
    private static readonly ulong[] ExtremeLengths = [0, 1, 2, 7, 8, 255, 4096, 16 << 20, (16 << 20) + 1, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue];

    private abstract record Mutation
    {
        public byte[] Apply(byte[] file) => file.Length == 0 ? file : Change(file);

        protected abstract byte[] Change(byte[] file);
    }

    private sealed record FlipBit(int Position, int Bit) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            byte[] copy = [.. file];
            copy[Position % copy.Length] ^= (byte)(1 << Bit);
            return copy;
        }
    }

    private sealed record SetByte(int Position, byte Value) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            byte[] copy = [.. file];
            copy[Position % copy.Length] = Value;
            return copy;
        }
    }

    /// <summary>Changes one decimal digit: shapes and offsets stay numbers, so the semantic checks get exercised.</summary>
    private sealed record ChangeDigit(int Nth, int Digit) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            int[] digits = [.. Enumerable.Range(0, file.Length).Where(i => file[i] is >= (byte)'0' and <= (byte)'9')];
            byte[] copy = [.. file];
            if (digits.Length > 0)
            {
                copy[digits[Nth % digits.Length]] = (byte)('0' + Digit);
            }

            return copy;
        }
    }

    private sealed record SetLength(ulong Length) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            byte[] copy = [.. file];
            if (copy.Length >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(copy, Length);
            }

            return copy;
        }
    }

    private sealed record Truncate(int Length) : Mutation
    {
        protected override byte[] Change(byte[] file) => file[..(Length % file.Length)];
    }

    private sealed record Insert(int Position, byte[] Bytes) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            int at = Position % (file.Length + 1);
            return [.. file[..at], .. Bytes, .. file[at..]];
        }
    }

    private sealed record Remove(int Position, int Length) : Mutation
    {
        protected override byte[] Change(byte[] file)
        {
            int at = Position % file.Length;
            return [.. file[..at], .. file[Math.Min(file.Length, at + Length)..]];
        }
    }

    [Fact]
    public void Damaged_files_import_what_they_say_or_fail_cleanly()
    {
        var random = new Random(Seed);
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            Mutation[] mutations = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomMutation(random))];
            bool seekable = random.Next(2) == 0;
            try
            {
                ImportDamaged(mutations.Aggregate(Valid, (file, mutation) => mutation.Apply(file)), seekable);
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException(
                    $"Iteration {iteration}, {(seekable ? "seekable" : "forward-only")} stream, after {string.Join(", ", mutations.Select(m => m.ToString()))}: {exception.Message}",
                    exception);
            }
        }
    }

    private static void ImportDamaged(byte[] damaged, bool seekable)
    {
        float[] storage = Sentinel(Small);
        int[] before = Bits(storage);
        Stream stream = seekable ? new MemoryStream(damaged) : new NonSeekableStream(new MemoryStream(damaged));
        try
        {
            Safetensors.Import(Small, storage, stream);
        }
        catch (ModelFormatException)
        {
            Assert.Equal(before, Bits(storage));
            return;
        }

        Assert.Equal(Bits(WhatTheFileSays(damaged)), Bits(Canonical(Small, storage)));
    }

    private static Mutation RandomMutation(Random random) => random.Next(7) switch
    {
        0 => new FlipBit(random.Next(), random.Next(8)),
        1 => new SetByte(random.Next(), (byte)random.Next(256)),
        2 => new ChangeDigit(random.Next(), random.Next(10)),
        3 => new SetLength(ExtremeLengths[random.Next(ExtremeLengths.Length)]),
        4 => new Truncate(random.Next()),
        5 => new Insert(random.Next(), RandomBytes(random, random.Next(1, 13))),
        _ => new Remove(random.Next(), random.Next(1, 13)),
    };

    /// <summary>Half of them bytes that mean something in a header, so that insertions often stay JSON.</summary>
    private static byte[] RandomBytes(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? (byte)random.Next(256) : (byte)JsonCharacters[random.Next(JsonCharacters.Length)])];

    /// <summary>The model's tensors as the file lays them out, located with System.Text.Json's DOM.</summary>
    private static float[] WhatTheFileSays(byte[] file)
    {
        int dataStart = 8 + checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        using JsonDocument header = JsonDocument.Parse(file.AsMemory(8, dataStart - 8));
        float[] canonical = new float[Small.ParameterCount];
        int next = 0;
        foreach (TensorDescriptor tensor in Small.Tensors)
        {
            JsonElement entry = header.RootElement.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            int begin = entry.GetProperty("data_offsets")[0].GetInt32();
            for (int i = 0; i < tensor.ElementCount; i++)
            {
                canonical[next++] = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + begin + (4 * i)));
            }
        }

        return canonical;
    }

    private static byte[] Exported()
    {
        var stream = new MemoryStream();
        Safetensors.Export(Small, Initialized(Small, seed: 21), stream);
        return stream.ToArray();
    }
}
