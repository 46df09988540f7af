using System.Diagnostics;
using System.Threading;
using RnnCodegen.Internals;
using RnnCodegen.Layout;

namespace RnnCodegen.Tests.Training.Models;

/// <summary>
/// The memoryless y = w x + b (a Dense(1)) whose first sequence of a batch waits, up to ten seconds (a loaded machine may be slow to wake a worker), until a second
/// sequence has started on another thread: a batch of this model is certain to run on the trainer's worker threads as well as on the
/// calling thread, however small it is. Used by one test class at a time (its collection runs alone).
/// </summary>
internal sealed class RendezvousModel : HandWrittenModel, IRecurrentModel<RendezvousModel>
{
    private static int s_callerThread;
    private static int s_awaited;
    private static int s_arrivals;
    private static int s_sequencesOnWorkers;

    public RendezvousModel(float weight, float bias)
        : base(Descriptor)
    {
        Parameters[Weight] = weight;
        Parameters[Bias] = bias;
    }

    public static ModelDescriptor Descriptor { get; } = new(1, new LayerSpec(LayerKind.Dense, 1));

    public static int Weight { get; } = StorageIndex(Descriptor, 0, TensorRole.InputWeights, 0);

    public static int Bias { get; } = StorageIndex(Descriptor, 0, TensorRole.InputBias, 0);

    public static int TapeLengthPerStep => 0;

    /// <summary>dL/dy of every step.</summary>
    public static int DeltaLengthPerStep => 1;

    public static int GradientWorkItems => 1;

    /// <summary>Sequences run by threads other than the one that last called <see cref="ExpectBatch"/>.</summary>
    public static int SequencesOnWorkers => Volatile.Read(ref s_sequencesOnWorkers);

    public static RendezvousModel Create(int seed) => new(0.5f, 0.1f);

    /// <summary>Arms the rendezvous for the next batch, run from the calling thread on <paramref name="threads"/> threads.</summary>
    public static void ExpectBatch(int threads)
    {
        s_callerThread = Environment.CurrentManagedThreadId;
        s_awaited = Math.Min(threads, 2);
        Volatile.Write(ref s_arrivals, 0);
        Volatile.Write(ref s_sequencesOnWorkers, 0);
    }

    public static void ForwardTraining(ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int steps, Span<float> state, Span<float> tape, Span<float> outputs, bool logits)
    {
        if (Environment.CurrentManagedThreadId != s_callerThread)
        {
            Interlocked.Increment(ref s_sequencesOnWorkers);
        }

        Interlocked.Increment(ref s_arrivals);
        long deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        SpinWait spin = default;
        while (Volatile.Read(ref s_arrivals) < s_awaited && Stopwatch.GetTimestamp() < deadline)
        {
            spin.SpinOnce();
        }

        for (int t = 0; t < steps; t++)
        {
            outputs[t] = (parameters[Weight] * inputs[t]) + parameters[Bias];
        }
    }

    public static void Backward(ReadOnlySpan<float> parameters, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> outputGradients, bool logits, Span<float> deltas) =>
        outputGradients[..steps].CopyTo(deltas);

    public static void WeightGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> tokens, int rows, int steps, ReadOnlySpan<float> tape, ReadOnlySpan<float> deltas, Span<float> gradients, int item)
    {
        for (int step = 0; step < rows * steps; step++)
        {
            gradients[Weight] += deltas[step] * inputs[step];
            gradients[Bias] += deltas[step];
        }
    }
}
