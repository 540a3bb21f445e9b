using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace PortClassification;

/// <summary>
/// The threads of an fd scan: a fixed set of indices run on the calling thread and on threads of their own, with no
/// dependence on the thread pool.
/// </summary>
internal static class LinuxFdScanWorkers
{
    /// <summary>A worker needs little stack: a few small <c>stackalloc</c>s, no recursion.</summary>
    private const int WorkerStackSize = 256 * 1024;

    /// <summary>
    /// Runs <paramref name="work"/>(0) … (<paramref name="workers"/> − 1) on the calling thread and on up to
    /// <paramref name="workers"/> − 1 threads of their own, each index once, whichever thread claims it first, and
    /// returns when every index has run. A thread that cannot be started (the process is out of descriptors or memory)
    /// or starts late simply claims nothing: the scan gets slower, never fails, and never waits for a thread that has
    /// not begun.
    /// </summary>
    /// <remarks>
    /// Not <c>Parallel.For</c>: its first use starts the thread pool's gate thread, and when that thread cannot be created
    /// (at a low <c>ulimit -n</c>) the runtime ends the process with <c>FailFast</c>, which no caller can catch.
    /// </remarks>
    internal static void Run(int workers, Action<int> work)
    {
        if (workers <= 1)
        {
            work(0);
            return;
        }

        var run = new WorkerRun(workers, work);
        for (int w = 1; w < workers; w++)
        {
            var thread = new Thread(run.Claim, WorkerStackSize) { IsBackground = true, Name = "PortClassification fd scan" };
            try
            {
                thread.Start();
            }
            catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
            {
                break; // the calling thread claims what no thread was started for
            }
        }

        run.Claim();
        run.WaitForClaimed();
    }

    /// <summary>The indices of one <see cref="Run"/> call, claimed one at a time by whichever thread comes first.</summary>
    private sealed class WorkerRun(int count, Action<int> work)
    {
        private int _next = -1;
        private int _active;
        private ExceptionDispatchInfo? _failure;

        /// <summary>Runs unclaimed indices until none is left.</summary>
        internal void Claim()
        {
            while (true)
            {
                // Counted active before claiming, so a waiter that sees no active thread knows nothing claimed is still running.
                Interlocked.Increment(ref _active);
                int index = Interlocked.Increment(ref _next);
                try
                {
                    if (index >= count)
                    {
                        return;
                    }

                    work(index);
                }
#pragma warning disable CA1031 // rethrown on the calling thread by WaitForClaimed
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                }
            }
        }

        /// <summary>Waits until every claimed index has finished (call after <see cref="Claim"/> returned), then rethrows a failure.</summary>
        internal void WaitForClaimed()
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _active) == 0);
            Volatile.Read(ref _failure)?.Throw();
        }
    }
}
