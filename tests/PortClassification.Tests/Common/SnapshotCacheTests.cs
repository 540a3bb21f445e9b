using Xunit;

namespace PortClassification.Tests.Common;

public class SnapshotCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    [Fact]
    public void Value_WithinLifetime_ReadsOnce()
    {
        var clock = new ManualClock();
        int reads = 0;
        var cache = new SnapshotCache<string>(() => $"read {++reads}", e => "fallback", Lifetime, clock);

        Assert.Equal("read 1", cache.Value);
        clock.Advance(Lifetime);
        Assert.Equal("read 1", cache.Value);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void Value_AfterLifetime_ReadsAgain()
    {
        var clock = new ManualClock();
        int reads = 0;
        var cache = new SnapshotCache<string>(() => $"read {++reads}", e => "fallback", Lifetime, clock);

        Assert.Equal("read 1", cache.Value);
        clock.Advance(Lifetime + TimeSpan.FromTicks(1));
        Assert.Equal("read 2", cache.Value);
        Assert.Equal("read 2", cache.Value);
    }

    [Fact]
    public void Value_ReaderThrows_CachesTheFallbackAndRetriesAfterLifetime()
    {
        var clock = new ManualClock();
        int reads = 0;
        var cache = new SnapshotCache<string>(
            () => ++reads == 1 ? throw new InvalidOperationException("netsh vanished") : "read",
            e => "fallback: " + e.Message,
            Lifetime,
            clock);

        Assert.Equal("fallback: netsh vanished", cache.Value);
        Assert.Equal("fallback: netsh vanished", cache.Value);
        Assert.Equal(1, reads);
        clock.Advance(Lifetime * 2);
        Assert.Equal("read", cache.Value);
    }

    [Fact]
    public async Task Value_ConcurrentCallersWhileExpired_OneReadsOthersGetThePreviousSnapshot()
    {
        var clock = new ManualClock();
        int reads = 0;
        using var reading = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var cache = new SnapshotCache<string>(
            () =>
            {
                int read = Interlocked.Increment(ref reads);
                if (read == 2)
                {
                    reading.Set();
                    Assert.True(release.Wait(TimeSpan.FromSeconds(60)));
                }

                return $"read {read}";
            },
            e => "fallback",
            Lifetime,
            clock);
        Assert.Equal("read 1", cache.Value);
        clock.Advance(Lifetime * 2);

        Task<string> refresher = Task.Factory.StartNew(() => cache.Value, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(reading.Wait(TimeSpan.FromSeconds(60)));
        string[] others = Enumerable.Range(0, 8).AsParallel().Select(_ => cache.Value).ToArray();
        release.Set();

        Assert.All(others, value => Assert.Equal("read 1", value));
        Assert.Equal("read 2", await refresher);
        Assert.Equal("read 2", cache.Value);
        Assert.Equal(2, reads);
    }

    [Fact]
    public void Value_ConcurrentFirstCallers_AllWaitForOneRead()
    {
        int reads = 0;
        using var start = new Barrier(4);
        var cache = new SnapshotCache<string>(
            () =>
            {
                Interlocked.Increment(ref reads);
                Thread.Sleep(100);
                return "read";
            },
            e => "fallback",
            Lifetime,
            new ManualClock());

        Thread[] threads = new Thread[4];
        string?[] values = new string?[4];
        for (int i = 0; i < threads.Length; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                start.SignalAndWait();
                values[index] = cache.Value;
            });
            threads[i].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(values, value => Assert.Equal("read", value));
        Assert.Equal(1, reads);
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
