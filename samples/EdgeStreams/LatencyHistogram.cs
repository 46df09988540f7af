using System;
using System.Diagnostics;

namespace EdgeStreams;

/// <summary>
/// Latencies counted in fixed-width bins, so recording millions of them allocates nothing and percentiles come from
/// the counts. Values past the last bin are counted in it (and <see cref="Max"/> keeps the true worst case).
/// </summary>
internal sealed class LatencyHistogram(int bins, double binNanoseconds)
{
    private static readonly double NanosecondsPerTimestamp = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[bins];

    public long Count { get; private set; }

    public double Max { get; private set; }

    /// <summary>Records one latency given as a <see cref="Stopwatch.GetTimestamp"/> difference.</summary>
    public void Record(long elapsedTimestamp)
    {
        double nanoseconds = elapsedTimestamp * NanosecondsPerTimestamp;
        _counts[Math.Min((int)(nanoseconds / binNanoseconds), _counts.Length - 1)]++;
        Max = Math.Max(Max, nanoseconds);
        Count++;
    }

    /// <summary>The upper edge, in nanoseconds, of the bin holding the <paramref name="percentile"/>-th percentile.</summary>
    public double Percentile(double percentile)
    {
        long rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (int bin = 0; bin < _counts.Length; bin++)
        {
            seen += _counts[bin];
            if (seen >= rank)
            {
                return (bin + 1) * binNanoseconds;
            }
        }

        return Max;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Max = 0;
    }
}
