using System;
using System.Diagnostics;

namespace EdgeStreams;

/// <summary>
/// Advances every stream by one reading with one shared model: the only place that calls the model in the real-time
/// loop. One batched <c>Step(Span&lt;State&gt;, inputs, outputs)</c> moves all streams (each pass over the weights
/// serves a tile of streams), with the same results as <c>Step(ref state, …)</c> on each state in turn; the time of one
/// stream's step is the call's time divided by the streams.
/// </summary>
internal sealed class StreamStepper(SensorModel model, int streams)
{
    private readonly SensorModel.State[] _states = new SensorModel.State[streams];

    /// <summary>Feeds <paramref name="readings"/>[i] to stream i and writes its prediction of the next reading.</summary>
    public void Advance(ReadOnlySpan<float> readings, Span<float> predictions, LatencyHistogram streamStepLatency)
    {
        long start = Stopwatch.GetTimestamp();
        model.Step(_states, readings, predictions);
        streamStepLatency.Record((Stopwatch.GetTimestamp() - start) / _states.Length);
    }
}
