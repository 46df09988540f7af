using System;

namespace EdgeStreams;

/// <summary>
/// Simulated sensors: each stream a vibration-like signal with its own frequency, phase, amplitude and offset, plus
/// uniform noise of ±<see cref="Noise"/>. Reading allocates nothing, so the real-time loop can call it.
/// </summary>
internal sealed class SensorFleet
{
    public const float Noise = 0.05f;

    private readonly float[] _frequency;
    private readonly float[] _phase;
    private readonly float[] _amplitude;
    private readonly float[] _offset;
    private readonly Random _random;

    public SensorFleet(int streams, int seed)
    {
        _random = new Random(seed);
        _frequency = new float[streams];
        _phase = new float[streams];
        _amplitude = new float[streams];
        _offset = new float[streams];
        for (int i = 0; i < streams; i++)
        {
            _frequency[i] = 0.02f + (0.08f * _random.NextSingle());
            _phase[i] = _random.NextSingle();
            _amplitude[i] = 0.4f + (0.4f * _random.NextSingle());
            _offset[i] = 0.4f * (_random.NextSingle() - 0.5f);
        }
    }

    public int Count => _frequency.Length;

    /// <summary>The reading of <paramref name="stream"/> at <paramref name="tick"/>.</summary>
    public float Read(int stream, int tick)
    {
        float clean = (_amplitude[stream] * MathF.Sin(2 * MathF.PI * ((_frequency[stream] * tick) + _phase[stream]))) + _offset[stream];
        return clean + (Noise * ((2 * _random.NextSingle()) - 1));
    }

    /// <summary>Every stream's reading at <paramref name="tick"/>.</summary>
    public void ReadAll(int tick, Span<float> readings)
    {
        for (int stream = 0; stream < readings.Length; stream++)
        {
            readings[stream] = Read(stream, tick);
        }
    }

    /// <summary>Training windows: row r is stream r from tick 0, targets the readings one tick later.</summary>
    public void FillWindows(Span<float> inputs, Span<float> targets, int steps)
    {
        for (int stream = 0; stream < Count; stream++)
        {
            float next = Read(stream, 0);
            for (int t = 0; t < steps; t++)
            {
                inputs[(stream * steps) + t] = next;
                next = Read(stream, t + 1);
                targets[(stream * steps) + t] = next;
            }
        }
    }
}
