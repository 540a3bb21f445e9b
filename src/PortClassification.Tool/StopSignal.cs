using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace PortClassification.Tool;

/// <summary>
/// Ctrl+C or SIGTERM while <c>portclass free --hold</c> holds ports: the command arms the signal,
/// and a stop then releases the leases and ends the command cleanly instead of killing the process.
/// When nothing is armed, the process's default handling applies (it ends at once).
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private int _armed;

    /// <summary>Gets a token cancelled when a stop is requested.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets a value indicating whether a command waits for a stop.</summary>
    public bool IsArmed => Volatile.Read(ref _armed) != 0;

    /// <summary>Marks that a command waits for a stop and will exit by itself.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    /// <summary>Occurs on every Ctrl+C or SIGTERM while armed, with the signal (for <c>portclass exec</c> to forward).</summary>
    public event Action<PosixSignal>? Signalled;

    /// <summary>Requests a stop.</summary>
    public void Request() => _source.Cancel();

    /// <summary>Requests a stop because of a signal, and tells <see cref="Signalled"/> which.</summary>
    /// <param name="signal">The signal received.</param>
    public void Request(PosixSignal signal)
    {
        Signalled?.Invoke(signal);
        _source.Cancel();
    }

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();
}
