using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace RnnCodegen.Training;

/// <summary>Work split into numbered items that may run on any thread in any order.</summary>
internal interface IParallelWork
{
    /// <summary>Does item <paramref name="item"/> on the thread numbered <paramref name="worker"/> (0 is the calling thread).</summary>
    void Execute(int item, int worker);
}

/// <summary>
/// Persistent background threads that help the calling thread through an <see cref="IParallelWork"/>.
/// Threads are started lazily, the first time a run needs them, and then reused: a run allocates nothing.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly int _maxThreads;
    // A semaphore rather than a ManualResetEventSlim: the latter allocates its lock object the first time a wait has
    // to block, which may first happen long after warm-up, while SemaphoreSlim allocates everything up front.
    private readonly SemaphoreSlim _helpersDone = new(0);
    private Helper[] _helpers = [];
    private IParallelWork? _work;
    private int _itemCount;
    private int _nextItem;
    private int _runningHelpers;
    private Exception? _failure;
    private volatile bool _stopping;

    /// <summary>Creates a pool that runs work on at most <paramref name="maxThreads"/> threads, the caller's included.</summary>
    public WorkerPool(int maxThreads)
    {
        _maxThreads = maxThreads;
    }

    /// <summary>Threads a run of <paramref name="itemCount"/> items uses, the caller's included; worker numbers are below it.</summary>
    public int ThreadsFor(int itemCount) => Math.Clamp(itemCount, 1, _maxThreads);

    /// <summary>Runs items 0 … <paramref name="itemCount"/> − 1 and returns when all are done; rethrows the first failure.</summary>
    public void Run(IParallelWork work, int itemCount)
    {
        int helpers = ThreadsFor(itemCount) - 1;
        StartHelpers(helpers);
        _work = work;
        _itemCount = itemCount;
        _nextItem = 0;
        _failure = null;
        _runningHelpers = helpers;
        for (int i = 0; i < helpers; i++)
        {
            _helpers[i].Wake.Release();
        }

        // The caller works too, and must wait for the helpers even if its own item fails: they use the caller's data.
        Drain(0);
        if (helpers > 0)
        {
            _helpersDone.Wait();
        }

        _work = null;
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
    }

    /// <summary>Stops the helper threads.</summary>
    public void Dispose()
    {
        _stopping = true;
        foreach (Helper helper in _helpers)
        {
            helper.Wake.Release();
            helper.Thread.Join();
            helper.Wake.Dispose();
        }

        _helpers = [];
        _helpersDone.Dispose();
    }

    private void Drain(int worker)
    {
        try
        {
            int item;
            while ((item = Interlocked.Increment(ref _nextItem) - 1) < _itemCount)
            {
                _work!.Execute(item, worker);
            }
        }
#pragma warning disable CA1031 // Any failure is handed to the caller of Run, which rethrows it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
            Volatile.Write(ref _nextItem, _itemCount);
        }
    }

    private void StartHelpers(int count)
    {
        if (count <= _helpers.Length)
        {
            return;
        }

        int existing = _helpers.Length;
        Array.Resize(ref _helpers, count);
        for (int i = existing; i < count; i++)
        {
            var helper = new Helper(this, worker: i + 1);
            _helpers[i] = helper;
            helper.Thread.Start();
        }
    }

    private void HelperLoop(Helper helper)
    {
        while (true)
        {
            helper.Wake.Wait();
            if (_stopping)
            {
                return;
            }

            Drain(helper.Worker);
            if (Interlocked.Decrement(ref _runningHelpers) == 0)
            {
                _helpersDone.Release();
            }
        }
    }

    /// <summary>One background thread and the semaphore that wakes it for one run.</summary>
    private sealed class Helper
    {
        public Helper(WorkerPool pool, int worker)
        {
            Worker = worker;
            Thread = new Thread(() => pool.HelperLoop(this))
            {
                IsBackground = true,
                Name = $"RnnCodegen trainer worker {worker}",
            };
        }

        public int Worker { get; }

        public Thread Thread { get; }

        public SemaphoreSlim Wake { get; } = new(0, 1);
    }
}
