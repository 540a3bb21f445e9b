using System.Net;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Tests.Support;

/// <summary>Fixed facts, so that output tests do not depend on this host, its registry build or its sockets.</summary>
internal sealed class FakeFacts : IPortFacts
{
    /// <summary>A Linux host with the kernel's default settings.</summary>
    public static HostFacts LinuxDefaults { get; } = new(
        "linux",
        [
            new TransportHostFacts(Transport.Tcp, PortInterval.Parse("32768-60999"), []),
            new TransportHostFacts(Transport.Udp, PortInterval.Parse("32768-60999"), []),
        ],
        new PortNumber(1024),
        [
            new HostSourceInfo("ephemeralRange", null, null, "file", "/proc/sys/net/ipv4/ip_local_port_range", "32768-60999", null, null),
            new HostSourceInfo("reservedPorts", null, null, "file", "/proc/sys/net/ipv4/ip_local_reserved_ports", "", null, null),
            new HostSourceInfo("unprivilegedPortStart", null, null, "file", "/proc/sys/net/ipv4/ip_unprivileged_port_start", "1024", null, null),
        ]);

    /// <summary>The CERTI entry as the library's curated table has it.</summary>
    public static ServiceInfo Certi { get; } = new("certi-rtig", new PortInterval(new PortNumber(60400)), Transport.Tcp, ServiceKind.Unofficial, "CERTI HLA RTI gateway (RTIG)")
    {
        Source = "CERTI libCERTI/NetworkMessage.hh line 39",
    };

    /// <summary>CERTI's UDP channel, on another port.</summary>
    public static ServiceInfo CertiUdp { get; } = new("certi-rtig", new PortInterval(new PortNumber(60500)), Transport.Udp, ServiceKind.Unofficial, "CERTI HLA RTI gateway (RTIG), UDP channel")
    {
        Source = "CERTI libCERTI/NetworkMessage.hh line 40",
    };

    /// <summary>IANA's https entries.</summary>
    public static ServiceInfo[] Https { get; } =
    [
        new("https", new PortInterval(new PortNumber(443)), Transport.Tcp, ServiceKind.Iana, "http protocol over TLS/SSL") { Reference = "RFC9110" },
        new("https", new PortInterval(new PortNumber(443)), Transport.Udp, ServiceKind.Iana, "http protocol over TLS/SSL") { Reference = "RFC9110" },
    ];

    /// <summary>IANA's postgresql entry.</summary>
    public static ServiceInfo Postgresql { get; } = new("postgresql", new PortInterval(new PortNumber(5432)), Transport.Tcp, ServiceKind.Iana, "PostgreSQL Database");

    /// <summary>IANA's x11 range.</summary>
    public static ServiceInfo X11 { get; } = new("x11", PortInterval.Parse("6000-6063"), Transport.Tcp, ServiceKind.Iana, "X Window System");

    private int _nextPort = 50000;

    /// <summary>Gets or sets the services known.</summary>
    public List<ServiceInfo> Services { get; set; } = [Certi, CertiUdp, .. Https, X11, Postgresql];

    /// <summary>Gets or sets the host settings.</summary>
    public HostFacts Host { get; set; } = LinuxDefaults;

    /// <summary>Gets or sets the listeners on the host.</summary>
    public List<Listener> Listening { get; set; } = [];

    /// <summary>Gets or sets the listener source's name.</summary>
    public string SourceName { get; set; } = "fake";

    /// <summary>Gets or sets whether the source saw everything.</summary>
    public bool Complete { get; set; } = true;

    /// <summary>Gets or sets the source's warnings.</summary>
    public List<string> Warnings { get; set; } = [];

    /// <summary>Gets or sets how many leases succeed before the allocator is exhausted.</summary>
    public int FreePorts { get; set; } = int.MaxValue;

    /// <summary>Gets or sets what a lease throws once <see cref="FreePorts"/> are taken; by default the allocator's exhaustion.</summary>
    public Exception? LeaseFailure { get; set; }

    /// <summary>Gets the leases handed out.</summary>
    public List<FakeLease> Leases { get; } = [];

    /// <summary>Gets the queries the listener source received.</summary>
    public List<ListenerQuery> Queries { get; } = [];

    /// <inheritdoc/>
    public DateOnly RegistryDate => new(2026, 8, 17);

    /// <inheritdoc/>
    public bool IsPrivilegedProcess { get; set; } = true;

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> Lookup(PortNumber port, Transport? transport) =>
        [.. Services.Where(s => s.Ports.Contains(port) && (transport is null || s.Transport is null || s.Transport == transport))
            .OrderBy(s => s.Origin == ServiceKind.Iana ? 0 : 1)];

    /// <inheritdoc/>
    public IanaStatus GetStatus(PortNumber port, Transport transport) =>
        port.Range == PortRange.Dynamic ? IanaStatus.Dynamic
        : Services.Any(s => s.Origin == ServiceKind.Iana && s.Ports.Contains(port) && (s.Transport is null || s.Transport == transport)) ? IanaStatus.Assigned
        : port.Value == 0 ? IanaStatus.Reserved
        : IanaStatus.Unassigned;

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> FindByName(string name) =>
        [.. Services.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))];

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> Search(string fragment, int limit) =>
        [.. Services.Where(s => s.Name.Contains(fragment, StringComparison.OrdinalIgnoreCase)).Take(limit)];

    /// <summary>Gets or sets an exception for <see cref="ReadHost"/> to throw.</summary>
    public Exception? HostFailure { get; set; }

    /// <inheritdoc/>
    public HostFacts ReadHost() => HostFailure is null ? Host : throw HostFailure;

    /// <summary>Gets or sets an exception for the listener source to throw.</summary>
    public Exception? ListenerFailure { get; set; }

    /// <inheritdoc/>
    public ListenerSnapshot GetListeners(ListenerQuery query)
    {
        Queries.Add(query);
        if (ListenerFailure is not null)
        {
            throw ListenerFailure;
        }

        return new ListenerSnapshot(Listening.Where(query.Matches), SourceName, Complete, Warnings);
    }

    /// <inheritdoc/>
    public ListenerSnapshot FindListeners(PortNumber port) => GetListeners(new ListenerQuery { Port = port });

    /// <summary>Gets or sets the bind diagnosis; by default every bind works.</summary>
    public Func<IPEndPoint, Transport, BindReport> Bind { get; set; } = (endPoint, transport) => new BindReport(endPoint, transport, true, true, null, []);

    /// <summary>Gets the end points and transports diagnosed.</summary>
    public List<(IPEndPoint EndPoint, Transport Transport)> Diagnosed { get; } = [];

    /// <inheritdoc/>
    public BindReport DiagnoseBind(IPEndPoint endPoint, Transport transport)
    {
        Diagnosed.Add((endPoint, transport));
        return Bind(endPoint, transport);
    }

    /// <summary>Gets or sets the sockets other than listeners (connections, TIME_WAIT, bound).</summary>
    public List<SocketEntry> Connections { get; set; } = [];

    /// <summary>Gets or sets the ephemeral report.</summary>
    public EphemeralPortUsage? Ephemeral { get; set; }

    /// <inheritdoc/>
    public SocketSnapshot FindSockets(PortNumber port) => GetSockets(new SocketQuery { Port = port });

    /// <summary>Gets the socket queries asked, in order.</summary>
    public List<SocketQuery> SocketQueries { get; } = [];

    /// <inheritdoc/>
    public SocketSnapshot GetSockets(SocketQuery query)
    {
        SocketQueries.Add(query);
        if (ListenerFailure is not null)
        {
            throw ListenerFailure;
        }

        IEnumerable<SocketEntry> listeners = Listening.Select(l => new SocketEntry(
            l.Transport, l.Transport == Transport.Tcp ? SocketState.Listen : SocketState.Bound, l.LocalEndPoint, null, l.ProcessId, l.ProcessName));
        return new SocketSnapshot(listeners.Concat(Connections).Where(query.Matches), SourceName, Complete, Warnings);
    }

    /// <inheritdoc/>
    public EphemeralPortUsage ReadEphemeral(Transport transport) => Ephemeral ?? throw new InvalidOperationException("No ephemeral report set.");

    /// <inheritdoc/>
    public IFreePortLease Lease(Transport transport, bool guard)
    {
        if (Leases.Count >= FreePorts)
        {
            throw LeaseFailure ?? new InvalidOperationException($"No free port: {FreePorts} candidates considered, all busy.");
        }

        var lease = new FakeLease(new PortNumber(_nextPort++), transport, guard);
        Leases.Add(lease);
        return lease;
    }

    /// <summary>Makes a listener.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="endPoint">The local end point, for example <c>127.0.0.1:5432</c>.</param>
    /// <param name="pid">The owner's process id.</param>
    /// <param name="name">The owner's name.</param>
    /// <returns>The listener.</returns>
    public static Listener Listener(Transport transport, string endPoint, int? pid, string? name) =>
        new(transport, IPEndPoint.Parse(endPoint), pid, name);
}

/// <summary>A lease that records its disposal.</summary>
/// <param name="Port">The port.</param>
/// <param name="Transport">The transport.</param>
/// <param name="Guard">Whether a guard socket was asked for.</param>
internal sealed record FakeLease(PortNumber Port, Transport Transport, bool Guard) : IFreePortLease
{
    /// <summary>Gets a value indicating whether the lease was disposed.</summary>
    public bool Disposed { get; private set; }

    /// <inheritdoc/>
    public void Dispose() => Disposed = true;
}
