using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using EdgeStreams;

// Thousands of sensor streams, one model: each tick every stream gets a reading, the model (its own state per stream)
// predicts the next one, and a reading far from its prediction is flagged. Published with NativeAOT (README.md).
const int Streams = 4096;
const int WarmUpTicks = 50;          // each state settles from zero before its predictions mean anything
const int CalibrationTicks = 200;    // normal traffic that sets the anomaly threshold
const int LiveTicks = 1000;
const int AnomalyTick = 700;         // live tick at which one sensor misreads once
const int AnomalyStream = 2718;
const float Spike = 0.5f;            // smaller than the signals' own swing: a fixed range check would not see it

Console.WriteLine($"SIMD: Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, Vector128 {(Vector128.IsHardwareAccelerated ? "on" : "off")}");
SensorModel model = Training.Train(batches: 800);

var fleet = new SensorFleet(Streams, seed: 7);
var stepper = new StreamStepper(model, Streams);
var detector = new AnomalyDetector(capacity: 64);
var streamStepLatency = new LatencyHistogram(bins: 100_000, binNanoseconds: 1);
var tickLatency = new LatencyHistogram(bins: 100_000, binNanoseconds: 1_000);
float[] readings = new float[Streams];
float[] predictions = new float[Streams];   // for each stream, its prediction of the coming reading

for (int tick = 0; tick < WarmUpTicks + CalibrationTicks; tick++)
{
    fleet.ReadAll(tick, readings);
    if (tick >= WarmUpTicks)
    {
        detector.Calibrate(readings, predictions);
    }

    stepper.Advance(readings, predictions, streamStepLatency);
}

streamStepLatency.Clear();
Console.WriteLine($"{Streams} streams × {SensorModel.ParameterCount} shared parameters, {Unsafe.SizeOf<SensorModel.State>()} bytes of state per stream; "
    + $"anomaly threshold {detector.Threshold:F3} (1.5 × the largest error in {CalibrationTicks} normal ticks)");

// The real-time loop: nothing in it allocates (the flags go into a preallocated buffer, printing waits until after).
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
int firstLiveTick = WarmUpTicks + CalibrationTicks;
for (int tick = firstLiveTick; tick < firstLiveTick + LiveTicks; tick++)
{
    long tickStart = Stopwatch.GetTimestamp();
    fleet.ReadAll(tick, readings);
    if (tick == firstLiveTick + AnomalyTick)
    {
        readings[AnomalyStream] += Spike;
    }

    detector.Check(tick - firstLiveTick, readings, predictions);
    stepper.Advance(readings, predictions, streamStepLatency);
    tickLatency.Record(Stopwatch.GetTimestamp() - tickStart);
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

Console.WriteLine($"live: {LiveTicks} ticks × {Streams} streams = {(long)LiveTicks * Streams:N0} steps, one batched Step call per tick");
Console.WriteLine($"  time per stream step  p50 {streamStepLatency.Percentile(50):F0} ns, p99 {streamStepLatency.Percentile(99):F0} ns, max {streamStepLatency.Max:F0} ns (each tick's batched call ÷ {Streams})");
Console.WriteLine($"  latency per tick  p50 {tickLatency.Percentile(50) / 1e6:F2} ms, p99 {tickLatency.Percentile(99) / 1e6:F2} ms for all {Streams} streams (a 100 Hz sensor gives 10 ms)");
Console.WriteLine($"  bytes allocated in the loop: {allocated}");

bool caught = false;
int falseAlarms = 0;
foreach (Anomaly anomaly in detector.Flagged)
{
    bool injected = anomaly.Stream == AnomalyStream && anomaly.Tick == AnomalyTick;
    caught |= injected;
    falseAlarms += injected ? 0 : 1;
    Console.WriteLine($"  ANOMALY tick {anomaly.Tick}, stream {anomaly.Stream}: read {anomaly.Reading:F3}, expected {anomaly.Predicted:F3} "
        + (injected ? "(the injected spike)" : "(not injected: a false alarm)"));
}

falseAlarms += detector.Count - detector.Flagged.Length;
Console.WriteLine(caught && falseAlarms == 0 && allocated == 0
    ? $"ok: the spike injected at tick {AnomalyTick} into stream {AnomalyStream} was flagged, nothing else was, 0 bytes allocated"
    : $"FAILED: injected spike {(caught ? "flagged" : "MISSED")}, {falseAlarms} false alarms, {allocated} bytes allocated");
return caught && falseAlarms == 0 && allocated == 0 ? 0 : 1;
