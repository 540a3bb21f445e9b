using System;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

/// <summary>
/// Reuses an expensive snapshot for a fixed lifetime. One caller at a time refreshes it, outside any lock;
/// meanwhile the others get the previous snapshot, or (before the first one exists) wait for the refresh.
/// </summary>
/// <typeparam name="T">The snapshot type: immutable, so sharing one instance between threads is safe.</typeparam>
/// <remarks>
/// The reader must not throw; if it does anyway, <c>fallback</c> turns the exception into a snapshot, which
/// is cached like any other, so a failing reader is not retried more often than the lifetime allows.
/// </remarks>
internal sealed class SnapshotCache<T>
    where T : class
{
    private readonly Func<T> _read;
    private readonly Func<Exception, T> _fallback;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private readonly object _lock = new();
    private Entry? _entry;
    private Task<T>? _refresh;

    internal SnapshotCache(Func<T> read, Func<Exception, T> fallback, TimeSpan lifetime, TimeProvider clock)
    {
        _read = read;
        _fallback = fallback;
        _lifetime = lifetime;
        _clock = clock;
    }

    /// <summary>Gets the cached snapshot, refreshing it first when it is older than the lifetime.</summary>
    internal T Value
    {
        get
        {
            Entry? entry = Volatile.Read(ref _entry);
            if (entry is not null && _clock.GetElapsedTime(entry.ReadAt) <= _lifetime)
            {
                return entry.Value;
            }

            TaskCompletionSource<T>? mine = null;
            Task<T> refresh;
            lock (_lock)
            {
                entry = _entry;
                if (entry is not null && _clock.GetElapsedTime(entry.ReadAt) <= _lifetime)
                {
                    return entry.Value;
                }

                if (_refresh is null)
                {
                    mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _refresh = mine.Task;
                }

                refresh = _refresh;
            }

            if (mine is null)
            {
                // Another caller is reading: a slightly stale snapshot beats waiting for it.
                return entry?.Value ?? refresh.GetAwaiter().GetResult();
            }

            T value;
            try
            {
                value = ReadOrFallback();
            }
            catch (Exception e)
            {
                // Only a throwing fallback gets here: release the waiters and let the next caller retry.
                lock (_lock)
                {
                    _refresh = null;
                }

                mine.SetException(e);
                throw;
            }

            lock (_lock)
            {
                Volatile.Write(ref _entry, new Entry(value, _clock.GetTimestamp()));
                _refresh = null;
            }

            mine.SetResult(value);
            return value;
        }
    }

    private T ReadOrFallback()
    {
        try
        {
            return _read();
        }
#pragma warning disable CA1031 // The cache promises a snapshot, never an exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return _fallback(e);
        }
    }

    private sealed record Entry(T Value, long ReadAt);
}
