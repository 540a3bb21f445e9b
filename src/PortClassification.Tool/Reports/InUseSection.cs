using System.Collections.Generic;

namespace PortClassification.Tool.Reports;

/// <summary>The sockets on a port other than its listeners: connections from it and to it, bound sockets, TIME_WAIT.</summary>
/// <param name="Source">The name of the socket source.</param>
/// <param name="IsComplete">Whether the source saw every socket.</param>
/// <param name="Warnings">What could not be seen and why (the listener section repeats the source's own).</param>
/// <param name="Rows">The sockets, TIME_WAIT excluded, with their role.</param>
/// <param name="TimeWait">How many TIME_WAIT sockets have the port at either end.</param>
internal sealed record InUseSection(string Source, bool IsComplete, IReadOnlyList<string> Warnings, IReadOnlyList<InUseRow> Rows, int TimeWait);

/// <summary>One socket on the port and what the port is to it.</summary>
/// <param name="Socket">The socket.</param>
/// <param name="Role">The port's role for the socket.</param>
internal sealed record InUseRow(SocketEntry Socket, PortRole Role);

/// <summary>What a port is to a socket that has it at one end.</summary>
internal enum PortRole
{
    /// <summary>The socket's local port, and the socket is not connected (bound only).</summary>
    Bound,

    /// <summary>The local port of an outgoing connection, which the OS chose from its ephemeral range (no listener holds the port).</summary>
    EphemeralSource,

    /// <summary>The local port of a connection that is not an outgoing one from the ephemeral range (an accepted connection, or an explicitly bound client).</summary>
    Local,

    /// <summary>The remote port: a connection to this port, on this host or another.</summary>
    Remote,
}
