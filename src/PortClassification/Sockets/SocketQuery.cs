using System;
using System.Collections.Generic;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Says which sockets to list and how much to find out about them.
/// </summary>
/// <remarks>
/// <para>
/// Every filter left <see langword="null"/> matches everything; the filters that are set must all match. Sources push
/// filters down to the OS where they can (on Linux the kernel filters states and ports), so a narrow query is cheaper.
/// </para>
/// <para>
/// <see cref="Port"/> matches either end (local or remote); <see cref="LocalPort"/> and <see cref="RemotePort"/> match
/// one end each. A socket with no remote end (<see cref="SocketState.Listen"/>, <see cref="SocketState.Bound"/>) never
/// matches <see cref="RemotePort"/>. Instances are immutable once initialized and may be shared between threads.
/// </para>
/// </remarks>
public sealed class SocketQuery
{
    private readonly SocketState[]? _states;
    private readonly int _stateMask = -1;

    /// <summary>Gets the transport to list, or <see langword="null"/> for both TCP and UDP.</summary>
    public Transport? Transport { get; init; }

    /// <summary>
    /// Gets the address family to list: <see cref="AddressFamily.InterNetwork"/>,
    /// <see cref="AddressFamily.InterNetworkV6"/>, or <see langword="null"/> for both.
    /// </summary>
    /// <remarks>A socket's family is that of its reported local address: IPv4 traffic on an IPv6 socket is reported, and filtered, as IPv4.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value set is another address family.</exception>
    public AddressFamily? AddressFamily
    {
        get;
        init => field = QueryFilters.CheckFamily(value);
    }

    /// <summary>Gets the states to list, or <see langword="null"/> for every state.</summary>
    /// <exception cref="ArgumentException">The value set is empty (use <see langword="null"/> for every state).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value set contains a value that is not a defined <see cref="SocketState"/>.</exception>
    public IReadOnlyCollection<SocketState>? States
    {
        get => _states is null ? null : Array.AsReadOnly(_states);
        init
        {
            if (value is null)
            {
                _states = null;
                _stateMask = -1;
                return;
            }

            SocketState[] states = [.. value];
            if (states.Length == 0)
            {
                throw new ArgumentException("An empty state list would match nothing; use null for every state.", nameof(value));
            }

            int mask = 0;
            foreach (SocketState state in states)
            {
                if (unchecked((uint)state) > (uint)SocketState.Connected)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), state, "The state is not a defined SocketState value.");
                }

                mask |= 1 << (int)state;
            }

            _states = states;
            _stateMask = mask;
        }
    }

    /// <summary>Gets the local port to list, or <see langword="null"/> for every local port.</summary>
    public PortNumber? LocalPort { get; init; }

    /// <summary>Gets the remote port to list, or <see langword="null"/> for every remote port.</summary>
    public PortNumber? RemotePort { get; init; }

    /// <summary>Gets a port that either end must have (local or remote), or <see langword="null"/> for any.</summary>
    public PortNumber? Port { get; init; }

    /// <summary>
    /// Gets a value indicating whether to find the process that owns each socket. Defaults to
    /// <see langword="true"/>; turn it off when only addresses, ports and states matter, which is much cheaper on Linux.
    /// </summary>
    public bool ResolveProcesses { get; init; } = true;

    /// <summary>Gets the states as a bit mask (bit <c>1 &lt;&lt; (int)state</c>); every bit set when <see cref="States"/> is <see langword="null"/>.</summary>
    internal int StateMask => _stateMask;

    /// <summary>Determines whether the query lists sockets in a state.</summary>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> if <see cref="States"/> is <see langword="null"/> or contains <paramref name="state"/>; otherwise, <see langword="false"/>.</returns>
    public bool Includes(SocketState state) => unchecked((uint)state) <= (uint)SocketState.Connected && (_stateMask & (1 << (int)state)) != 0;

    /// <summary>Determines whether a socket passes this query's filters.</summary>
    /// <param name="socket">The socket to test.</param>
    /// <returns><see langword="true"/> if every filter that is set matches; otherwise, <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    public bool Matches(SocketEntry socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int local = socket.LocalEndPoint.Port;
        int remote = socket.RemoteEndPoint?.Port ?? -1;
        return QueryFilters.Matches(Transport, AddressFamily, LocalPort, socket.Transport, socket.LocalEndPoint)
            && Includes(socket.State)
            && (RemotePort is null || RemotePort.Value.Value == remote)
            && (Port is null || Port.Value.Value == local || Port.Value.Value == remote);
    }
}
