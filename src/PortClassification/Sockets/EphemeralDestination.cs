using System;
using System.Net;

namespace PortClassification;

/// <summary>
/// How many ephemeral ports the connections from one local address to one remote end point use: one row of an
/// <see cref="EphemeralPortUsage"/> report.
/// </summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
public sealed class EphemeralDestination
{
    internal EphemeralDestination(IPEndPoint remote, IPAddress local, int count, int timeWait, double percent)
    {
        Remote = remote;
        Local = local;
        Count = count;
        TimeWait = timeWait;
        Percent = percent;
    }

    /// <summary>Gets the remote address and port the connections go to.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>Gets the local address the connections come from.</summary>
    public IPAddress Local { get; }

    /// <summary>Gets the number of sockets toward <see cref="Remote"/> from <see cref="Local"/> whose local port is in the ephemeral range, <c>TIME_WAIT</c> included.</summary>
    public int Count { get; }

    /// <summary>Gets how many of <see cref="Count"/> are in <c>TIME_WAIT</c>; they hold their port until they expire.</summary>
    public int TimeWait { get; }

    /// <summary>
    /// Gets the share of the ephemeral pool that a new connection toward <see cref="Remote"/> from <see cref="Local"/> finds
    /// used, from 0 to 100: at 100 the next <c>connect</c> there fails ("address not available" on Linux).
    /// </summary>
    /// <remarks>See <see cref="EphemeralPortUsage"/> for how each OS counts.</remarks>
    public double Percent { get; }

    /// <summary>Returns a one-line description such as <c>127.0.0.1 -&gt; 127.0.0.1:5000: 50 (3 TIME_WAIT), 50.0 %</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"{Local} -> {Remote}: {Count} ({TimeWait} TIME_WAIT), {Percent:0.0} %");
}
