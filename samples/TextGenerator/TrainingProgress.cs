using System;
using System.Diagnostics;
using Spectre.Console;

namespace TextGenerator;

/// <summary>
/// Runs training batches and shows how it goes: a live progress bar with loss and ETA in a terminal, plain lines at
/// every tenth of the run when the output is redirected (a log, CI), where a redrawn bar would be noise.
/// </summary>
internal static class TrainingProgress
{
    /// <summary>
    /// Calls <paramref name="trainBatch"/> for batches <paramref name="first"/> to <paramref name="total"/> − 1 until
    /// done or <paramref name="stop"/> says so; returns the number of batches done in all.
    /// </summary>
    public static int Run(int first, int total, Func<int, float> trainBatch, Func<bool> stop)
        => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
            ? RunLive(first, total, trainBatch, stop)
            : RunPlain(first, total, trainBatch, stop);

    private static int RunLive(int first, int total, Func<int, float> trainBatch, Func<bool> stop)
    {
        int batch = first;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: total);
                task.Value = first;
                var loss = new SmoothedLoss();
                for (; batch < total && !stop(); batch++)
                {
                    task.Description = $"batch {batch + 1}/{total}  loss {loss.Add(trainBatch(batch)):F3}";
                    task.Increment(1);
                }
            });
        return batch;
    }

    private static int RunPlain(int first, int total, Func<int, float> trainBatch, Func<bool> stop)
    {
        int every = Math.Max(1, total / 10);
        var loss = new SmoothedLoss();
        var clock = Stopwatch.StartNew();
        int batch = first;
        for (; batch < total && !stop(); batch++)
        {
            float smoothed = loss.Add(trainBatch(batch));
            int done = batch + 1;
            if (done % every == 0 || done == total)
            {
                TimeSpan eta = clock.Elapsed / (done - first) * (total - done);
                Console.WriteLine($"batch {done,5}/{total}  loss {smoothed:F3}  elapsed {clock.Elapsed:m\\:ss}  ETA {eta:m\\:ss}");
            }
        }

        return batch;
    }

    /// <summary>Batch losses are noisy; an exponential moving average shows the trend.</summary>
    private sealed class SmoothedLoss
    {
        private float _value = float.NaN;

        public float Add(float loss) => _value = float.IsNaN(_value) ? loss : (0.9f * _value) + (0.1f * loss);
    }
}
