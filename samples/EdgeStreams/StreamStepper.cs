using System;
using System.Diagnostics;

namespace EdgeStreams;

/// <summary>
/// Advances every stream by one reading with one shared model: the only place that calls the model in the real-time
/// loop. Today it steps stream by stream through <c>Step(ref state, …)</c>, timing each step; when the model gains
/// the batched <c>Step(Span&lt;State&gt;, inputs, outputs)</c> (one pass over the weights for all streams), this loop
/// becomes that one call and the per-step time becomes the tick's time divided by the streams.
/// </summary>
internal sealed class StreamStepper(SensorModel model, int streams)
{
    private readonly SensorModel.State[] _states = new SensorModel.State[streams];

    /// <summary>Feeds <paramref name="readings"/>[i] to stream i and writes its prediction of the next reading.</summary>
    public void Advance(ReadOnlySpan<float> readings, Span<float> predictions, LatencyHistogram stepLatency)
    {
        for (int stream = 0; stream < _states.Length; stream++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Step(ref _states[stream], readings.Slice(stream, 1), predictions.Slice(stream, 1));
            stepLatency.Record(Stopwatch.GetTimestamp() - start);
        }
    }
}
