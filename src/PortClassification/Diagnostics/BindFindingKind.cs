namespace PortClassification;

/// <summary>
/// What a <see cref="BindFinding"/> found: a cause that stops a bind, or a warning about a port that binds.
/// </summary>
/// <remarks>
/// The first group blocks a bind (<see cref="BindFinding.Blocks"/> is <see langword="true"/>); the last two,
/// <see cref="InsideEphemeralRange"/> and <see cref="ReservedPort"/>, are warnings about a port that can be bound.
/// <see cref="PrivilegedPort"/> is a warning when the bind works only because this process is privileged.
/// </remarks>
public enum BindFindingKind
{
    /// <summary>A listening socket holds the port on this address (a TCP listener, or a bound UDP socket).</summary>
    HeldByListener = 0,

    /// <summary>A TCP socket is bound to the port but neither listens nor is connected (a guard socket, a bind before <c>listen</c> or <c>connect</c>).</summary>
    HeldByBoundSocket = 1,

    /// <summary>A connection uses the port as its local port: an accepted connection of a server, or an outgoing connection's source port.</summary>
    HeldByConnection = 2,

    /// <summary>
    /// Closed connections in <c>TIME_WAIT</c> still hold the port: on Linux and macOS they stop binds without
    /// <c>SO_REUSEADDR</c> until they expire (60 s on Linux); they belong to no process.
    /// </summary>
    TimeWaitRemnants = 3,

    /// <summary>
    /// A socket on a wildcard address covers this one: <c>0.0.0.0</c> covers every IPv4 address, and <c>[::]</c> without
    /// <c>IPV6_V6ONLY</c> (dual-stack) covers every IPv4 and IPv6 address, <c>0.0.0.0</c> included.
    /// </summary>
    CoveredByWildcard = 4,

    /// <summary>The OS says the port is in use, but no socket on it could be seen (an owner hidden from this user, or a reservation outside the socket table).</summary>
    HeldByUnseenSocket = 5,

    /// <summary>The port is below the host's first unprivileged port and this process may not bind it (Linux without <c>CAP_NET_BIND_SERVICE</c>, BSD or macOS without root).</summary>
    PrivilegedPort = 6,

    /// <summary>The port is in one of Windows' excluded port ranges, which no process may bind: administered by someone, or reserved by the system (Hyper-V, WinNAT, Docker).</summary>
    WindowsExcludedRange = 7,

    /// <summary>The address is not one of this host's addresses.</summary>
    AddressNotOnHost = 8,

    /// <summary>The address family is not available: IPv6 is switched off, or the OS has no IPv6 at all.</summary>
    AddressFamilyUnavailable = 9,

    /// <summary>The OS refused the bind for a reason that is none of the above: a security module (SELinux, AppArmor), a cgroup BPF program, or WSL mirrored networking.</summary>
    PermissionDenied = 10,

    /// <summary>The bind failed with an error no known cause explains; <see cref="BindFinding.Summary"/> names the error.</summary>
    UnexplainedError = 11,

    /// <summary>Warning: the port is inside the host's ephemeral range, so an outgoing connection or <c>bind(0)</c> may take it at any moment.</summary>
    InsideEphemeralRange = 12,

    /// <summary>Warning: the port is reserved on this host (Linux <c>ip_local_reserved_ports</c>): <c>bind(0)</c> and outgoing connections skip it, explicit binds still work.</summary>
    ReservedPort = 13,
}
