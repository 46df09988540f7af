using System;

namespace EdgeStreams;

/// <summary>A reading the model did not expect: where, when, and by how much it missed the prediction.</summary>
internal readonly record struct Anomaly(int Tick, int Stream, float Reading, float Predicted);

/// <summary>
/// Flags a reading whose distance from the model's prediction exceeds a threshold learned on normal traffic, and puts
/// the prediction in its place, so one bad reading does not throw the stream's state off for the ticks after it. Flags
/// go into a buffer sized up front, so the real-time loop never allocates; the loop prints them afterwards.
/// </summary>
internal sealed class AnomalyDetector(int capacity)
{
    /// <summary>How far above the largest normal error the threshold sits: room for what calibration did not see.</summary>
    private const float Margin = 1.5f;

    private readonly Anomaly[] _flagged = new Anomaly[capacity];

    public float Threshold { get; private set; } = float.PositiveInfinity;

    public int Count { get; private set; }

    /// <summary>Flags found so far (at most the capacity; <see cref="Count"/> may be larger).</summary>
    public ReadOnlySpan<Anomaly> Flagged => _flagged.AsSpan(0, Math.Min(Count, _flagged.Length));

    /// <summary>Widens the normal range with a tick of readings known to be normal.</summary>
    public void Calibrate(ReadOnlySpan<float> readings, ReadOnlySpan<float> predicted)
    {
        float largest = float.IsPositiveInfinity(Threshold) ? 0 : Threshold / Margin;
        for (int i = 0; i < readings.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(readings[i] - predicted[i]));
        }

        Threshold = largest * Margin;
    }

    /// <summary>
    /// Compares each stream's reading with what the model predicted for it one tick earlier; a flagged reading is
    /// replaced by the prediction before the model sees it.
    /// </summary>
    public void Check(int tick, Span<float> readings, ReadOnlySpan<float> predicted)
    {
        for (int stream = 0; stream < readings.Length; stream++)
        {
            // The negated comparison also flags a NaN reading or prediction: a broken sensor or model is an anomaly too.
            if (!(Math.Abs(readings[stream] - predicted[stream]) <= Threshold))
            {
                if (Count < _flagged.Length)
                {
                    _flagged[Count] = new Anomaly(tick, stream, readings[stream], predicted[stream]);
                }

                Count++;
                readings[stream] = predicted[stream];
            }
        }
    }
}
