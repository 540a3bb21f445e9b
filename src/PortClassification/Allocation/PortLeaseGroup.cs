using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace PortClassification;

/// <summary>
/// Several ports leased together by <see cref="PortAllocator.LeaseMany"/> or <see cref="PortAllocator.LeaseBlock"/>,
/// released together when the group is disposed.
/// </summary>
/// <remarks>
/// <para>
/// Each element is an ordinary <see cref="PortLease"/> (so <see cref="PortLease.TakeSocket"/> works per port);
/// disposing one of them releases that port early, disposing the group releases the rest. Disposing twice is
/// harmless. The list itself never changes; members are thread-safe.
/// </para>
/// </remarks>
public sealed class PortLeaseGroup : IReadOnlyList<PortLease>, IDisposable
{
    private readonly PortLease[] _leases;
    private readonly PortNumber[] _ports;

    internal PortLeaseGroup(PortLease[] leases, Transport transport)
    {
        _leases = leases;
        Transport = transport;
        _ports = new PortNumber[leases.Length];
        bool contiguous = leases.Length > 0;
        for (int i = 0; i < leases.Length; i++)
        {
            _ports[i] = leases[i].Port;
            contiguous &= i == 0 || _ports[i].Value == _ports[i - 1].Value + 1;
        }

        Interval = contiguous ? new PortInterval(_ports[0], _ports[^1]) : null;
    }

    /// <summary>Gets the number of ports in the group.</summary>
    public int Count => _leases.Length;

    /// <summary>Gets the transport the ports were leased for.</summary>
    public Transport Transport { get; }

    /// <summary>Gets the leased ports, in the order of the leases (ascending for a block).</summary>
    public IReadOnlyList<PortNumber> Ports => _ports;

    /// <summary>
    /// Gets the ports as one interval when they are consecutive and ascending (always so for
    /// <see cref="PortAllocator.LeaseBlock"/>), or <see langword="null"/> otherwise.
    /// </summary>
    public PortInterval? Interval { get; }

    /// <summary>Gets the lease at an index.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The lease.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the group.</exception>
    public PortLease this[int index] => _leases[index];

    /// <summary>Returns an enumerator over the leases.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<PortLease> GetEnumerator() => ((IEnumerable<PortLease>)_leases).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Releases every port of the group.</summary>
    public void Dispose()
    {
        foreach (PortLease lease in _leases)
        {
            lease.Dispose();
        }
    }

    /// <summary>Returns the ports and transport, such as <c>61234-61236/tcp</c> or <c>61234,61300/udp</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        // The lease's own text ends with its transport(s), such as "/tcp" or "/tcp+udp".
        string first = _leases.Length > 0 ? _leases[0].ToString() : "/" + Transport.ToString().ToLowerInvariant();
        string suffix = first[first.IndexOf('/', StringComparison.Ordinal)..];
        if (Interval is PortInterval interval && Count > 1)
        {
            return interval.ToString() + suffix;
        }

        return string.Join(",", Array.ConvertAll(_ports, static p => p.Value.ToString(CultureInfo.InvariantCulture))) + suffix;
    }
}
