using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// The ports an allocator may hand out, computed once from the host's ephemeral range, its reserved
/// ports and the IANA registry. Pure: everything it needs is passed in, so it is tested without a host.
/// </summary>
/// <remarks>
/// <para>
/// Default policy: the IANA dynamic range (49152–65535) minus the host's ephemeral range, because
/// outbound connections and every <c>bind(0)</c> draw from the ephemeral range and no coordination
/// can see them. Where that leaves fewer than <see cref="MinimumRoom"/> ports (Windows and macOS,
/// whose ephemeral range <em>is</em> 49152–65535), ports from <see cref="LowFloor"/> up to the
/// ephemeral range that IANA lists as unassigned are added. If even that is empty (an ephemeral
/// range that starts at or below <see cref="LowFloor"/>, such as FreeBSD's 10000–65535), the dynamic
/// range is used as is. Reserved ports and the caller's excluded ports are always removed, and so are
/// the ports browsers refuse (<see cref="BrowserBlockedPorts"/>), since a leased port often serves a browser.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed class CandidatePolicy
{
    /// <summary>Below this many dynamic ports outside the ephemeral range, unassigned user ports are added.</summary>
    internal const int MinimumRoom = 1024;

    /// <summary>Unassigned user ports are taken above this port (as consul's freeport and portpicker do).</summary>
    internal const int LowFloor = 10000;

    private readonly ushort[] _ports;
    private readonly bool[] _member;
    private readonly bool[] _reserved;

    private CandidatePolicy(List<ushort> ports, bool[] reserved, int removedReserved, int removedExcluded, string? note = null)
    {
        Note = note;
        _ports = ports.ToArray();
        _reserved = reserved;
        _member = new bool[ushort.MaxValue + 1];
        foreach (ushort port in _ports)
        {
            _member[port] = true;
        }

        RemovedReserved = removedReserved;
        RemovedExcluded = removedExcluded;
    }

    /// <summary>Gets why these candidates replaced the usual ones, for the exhaustion message; <see langword="null"/> for the usual ones.</summary>
    public string? Note { get; }

    /// <summary>Gets the number of candidate ports.</summary>
    public int Count => _ports.Length;

    /// <summary>Gets how many ports of the source ranges were left out because the host reserves them.</summary>
    public int RemovedReserved { get; }

    /// <summary>Gets how many ports of the source ranges were left out because the caller excluded them.</summary>
    public int RemovedExcluded { get; }

    /// <summary>Gets the candidate at an index, in ascending port order.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    public PortNumber this[int index] => _ports[index];

    /// <summary>Determines whether a port is a candidate.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> if the policy may hand out <paramref name="port"/>.</returns>
    public bool Contains(PortNumber port) => _member[port.Value];

    /// <summary>Determines whether the host reserves a port (whether or not it lies in the candidates' source ranges).</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> if a reserved interval given to the policy holds <paramref name="port"/>.</returns>
    public bool IsHostReserved(PortNumber port) => _reserved[port.Value];

    /// <summary>Builds the default policy.</summary>
    /// <param name="ephemeral">The host's ephemeral range for the transport.</param>
    /// <param name="reserved">The host's reserved or excluded ports for the transport.</param>
    /// <param name="isUnassigned">Whether IANA lists a port as unassigned for the transport.</param>
    /// <param name="excluded">Ports the caller asked to avoid.</param>
    /// <returns>The policy.</returns>
    public static CandidatePolicy CreateDefault(
        PortInterval ephemeral,
        IReadOnlyList<PortInterval> reserved,
        Func<PortNumber, bool> isUnassigned,
        IReadOnlyList<PortInterval> excluded)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(isUnassigned);
        ArgumentNullException.ThrowIfNull(excluded);

        bool[] blocked = Mark(reserved);
        bool[] avoided = Mark(excluded);
        var ports = new List<ushort>();
        int removedReserved = 0;
        int removedExcluded = 0;

        void Consider(int port) => Sort(port, blocked, avoided, ports, ref removedReserved, ref removedExcluded);

        // Unassigned user ports first when the dynamic range is mostly ephemeral; the list stays ascending.
        int dynamicOutside = 0;
        for (int port = PortNumber.FirstDynamicPort; port <= ushort.MaxValue; port++)
        {
            if (!ephemeral.Contains((ushort)port))
            {
                dynamicOutside++;
            }
        }

        if (dynamicOutside < MinimumRoom)
        {
            int end = Math.Min((int)ephemeral.First.Value, PortNumber.FirstDynamicPort);
            for (int port = LowFloor + 1; port < end; port++)
            {
                if (isUnassigned((ushort)port))
                {
                    Consider(port);
                }
            }
        }

        for (int port = PortNumber.FirstDynamicPort; port <= ushort.MaxValue; port++)
        {
            if (!ephemeral.Contains((ushort)port))
            {
                Consider(port);
            }
        }

        if (ports.Count == 0 && removedReserved == 0 && removedExcluded == 0)
        {
            // Nothing outside the ephemeral range at all: share the dynamic range with the kernel.
            for (int port = PortNumber.FirstDynamicPort; port <= ushort.MaxValue; port++)
            {
                Consider(port);
            }
        }

        return new CandidatePolicy(ports, blocked, removedReserved, removedExcluded);
    }

    /// <summary>
    /// Builds the fallback for hosts that refuse binds in the whole dynamic range (WSL 2 mirrored networking): the
    /// ports above <see cref="LowFloor"/> and below the dynamic range that IANA lists as unassigned, outside the
    /// ephemeral range, minus reserved and excluded ports.
    /// </summary>
    /// <param name="ephemeral">The host's ephemeral range for the transport.</param>
    /// <param name="reserved">The host's reserved or excluded ports for the transport.</param>
    /// <param name="isUnassigned">Whether IANA lists a port as unassigned for the transport.</param>
    /// <param name="excluded">Ports the caller asked to avoid.</param>
    /// <param name="note">Why the fallback is used.</param>
    /// <returns>The policy.</returns>
    public static CandidatePolicy CreateUserPortFallback(
        PortInterval ephemeral,
        IReadOnlyList<PortInterval> reserved,
        Func<PortNumber, bool> isUnassigned,
        IReadOnlyList<PortInterval> excluded,
        string note)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(isUnassigned);
        ArgumentNullException.ThrowIfNull(excluded);

        bool[] blocked = Mark(reserved);
        bool[] avoided = Mark(excluded);
        var ports = new List<ushort>();
        int removedReserved = 0;
        int removedExcluded = 0;
        for (int port = LowFloor + 1; port < PortNumber.FirstDynamicPort; port++)
        {
            if (ephemeral.Contains((ushort)port) || !isUnassigned((ushort)port))
            {
                continue;
            }

            Sort(port, blocked, avoided, ports, ref removedReserved, ref removedExcluded);
        }

        return new CandidatePolicy(ports, blocked, removedReserved, removedExcluded, note);
    }

    /// <summary>Builds a policy over an explicit interval, still leaving out reserved and excluded ports.</summary>
    /// <param name="candidates">The interval the caller chose.</param>
    /// <param name="reserved">The host's reserved or excluded ports for the transport.</param>
    /// <param name="excluded">Ports the caller asked to avoid.</param>
    /// <returns>The policy.</returns>
    public static CandidatePolicy CreateExplicit(
        PortInterval candidates,
        IReadOnlyList<PortInterval> reserved,
        IReadOnlyList<PortInterval> excluded)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(excluded);

        bool[] blocked = Mark(reserved);
        bool[] avoided = Mark(excluded);
        var ports = new List<ushort>(candidates.Count);
        int removedReserved = 0;
        int removedExcluded = 0;
        foreach (PortNumber port in candidates)
        {
            // Port 0 means "any port" to bind; it can never be leased.
            if (port.Value == 0)
            {
                continue;
            }

            if (blocked[port.Value])
            {
                removedReserved++;
            }
            else if (avoided[port.Value])
            {
                removedExcluded++;
            }
            else
            {
                ports.Add(port.Value);
            }
        }

        return new CandidatePolicy(ports, blocked, removedReserved, removedExcluded);
    }

    /// <summary>
    /// Adds a port to the candidates, or counts why it is left out: reserved by the host, or avoided by the caller.
    /// Ports browsers refuse are left out without counting (they are never candidates).
    /// </summary>
    private static void Sort(int port, bool[] blocked, bool[] avoided, List<ushort> ports, ref int removedReserved, ref int removedExcluded)
    {
        if (BrowserBlockedPorts.Contains((ushort)port))
        {
            return;
        }

        if (blocked[port])
        {
            removedReserved++;
        }
        else if (avoided[port])
        {
            removedExcluded++;
        }
        else
        {
            ports.Add((ushort)port);
        }
    }

    private static bool[] Mark(IReadOnlyList<PortInterval> intervals)
    {
        var marks = new bool[ushort.MaxValue + 1];
        foreach (PortInterval interval in intervals)
        {
            marks.AsSpan(interval.First.Value, interval.Count).Fill(true);
        }

        return marks;
    }
}
