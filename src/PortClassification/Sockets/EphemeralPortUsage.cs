using System;
using System.Collections.Generic;
using System.Net;

namespace PortClassification;

/// <summary>
/// How full this host's ephemeral port range is: the ports the OS hands to outgoing connections and to
/// <c>bind(port 0)</c>, and how close each destination is to running out.
/// </summary>
/// <remarks>
/// <para>
/// <b>Linux, TCP.</b> <c>connect()</c> on a socket without a bound port may give several connections the same local
/// port as long as their destinations differ (the kernel only needs each address/port four-tuple to be unique), so
/// the range runs out per destination: per (local address, remote address, remote port). Ports taken by
/// <c>bind()</c> (an explicit port, <c>bind(port 0)</c>) or by a listener are out of the pool for every destination;
/// they are <see cref="Exclusive"/>. A <c>TIME_WAIT</c> socket keeps its four-tuple until it expires (60 s), so it
/// counts against its destination. A destination is full when <see cref="Exclusive"/> plus its
/// <see cref="EphemeralDestination.Count"/> reaches <see cref="Size"/>; the next <c>connect()</c> there fails with
/// <c>EADDRNOTAVAIL</c> ("Cannot assign requested address").
/// </para>
/// <para>
/// <b>Linux, UDP; Windows; macOS.</b> No port is shared between destinations (Windows shares only in an
/// administrator-configured auto-reuse range), so every socket with a local port in the range uses up one port for
/// everybody: each destination reports the same, host-wide percentage.
/// </para>
/// <para>
/// Sources for the Linux rule: <c>net/ipv4/inet_hashtables.c</c> <c>__inet_hash_connect</c> (a port whose bind bucket was
/// made by <c>bind()</c>, <c>fastreuse</c>/<c>fastreuseport</c> &gt;= 0, is skipped; a bucket made only by
/// <c>connect()</c> is shared when <c>__inet_check_established</c> finds the four-tuple unique; no port left gives
/// <c>-EADDRNOTAVAIL</c>), <c>net/ipv4/inet_connection_sock.c</c> <c>inet_csk_get_port</c> (<c>bind(0)</c> never shares),
/// <c>net/ipv4/tcp_ipv4.c</c> <c>tcp_twsk_unique</c> (a TIME_WAIT four-tuple is taken over only with
/// <c>tcp_tw_reuse</c> after <c>tcp_tw_reuse_delay</c>, so it is counted as used), and
/// <c>Documentation/networking/ip-sysctl.rst</c> (<c>ip_local_port_range</c>, <c>ip_local_reserved_ports</c>); measured in
/// a namespace narrowed to 100 ports: 100 connections to each destination, then <c>EADDRNOTAVAIL</c>
/// (<c>research/sockets.md</c> §6). What a socket table cannot show is counted the conservative way round: a connection
/// whose socket was bound with <c>bind(addr, 0)</c> before <c>connect()</c> holds its port for every destination, but looks
/// like any other connection here, so it counts only against its own destination.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class EphemeralPortUsage
{
    internal EphemeralPortUsage(
        Transport transport,
        PortInterval range,
        int size,
        int exclusive,
        bool sharedAcrossDestinations,
        IReadOnlyList<EphemeralDestination> destinations,
        string readerName,
        bool isComplete,
        IReadOnlyList<string> warnings)
    {
        Transport = transport;
        Range = range;
        Size = size;
        Exclusive = exclusive;
        SharedAcrossDestinations = sharedAcrossDestinations;
        Destinations = destinations;
        ReaderName = readerName;
        IsComplete = isComplete;
        Warnings = warnings;
    }

    /// <summary>Gets the transport this report is about.</summary>
    public Transport Transport { get; }

    /// <summary>Gets the host's ephemeral port range for <see cref="Transport"/>.</summary>
    public PortInterval Range { get; }

    /// <summary>Gets how many ports of <see cref="Range"/> the OS may hand out: the range less its reserved or excluded ports.</summary>
    public int Size { get; }

    /// <summary>Gets how many ports of the pool are held against every destination (bound or listening sockets; on OSes that do not share ports, every socket with a port in the range).</summary>
    public int Exclusive { get; }

    /// <summary>Gets a value indicating whether the OS lets connections to different destinations share a local port (Linux TCP).</summary>
    public bool SharedAcrossDestinations { get; }

    /// <summary>Gets the destinations that use ports of the range, the fullest first.</summary>
    public IReadOnlyList<EphemeralDestination> Destinations { get; }

    /// <summary>Gets the pressure on the range from 0 to 100: the fullest destination's <see cref="EphemeralDestination.Percent"/>, or the exclusive share when there is no destination.</summary>
    public double Percent => Destinations.Count > 0 ? Destinations[0].Percent : Size == 0 ? 100 : 100.0 * Exclusive / Size;

    /// <summary>Gets the name of the reader the report was built from: the <see cref="SocketSnapshot.ReaderName"/> of its socket snapshot.</summary>
    public string ReaderName { get; }

    /// <summary>Gets a value indicating whether the socket source saw every socket.</summary>
    public bool IsComplete { get; }

    /// <summary>Gets what could not be seen and why, one sentence each; empty when nothing was missed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads how full this host's ephemeral range is for one transport.</summary>
    /// <param name="transport"><see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
    /// <returns>The report, from <see cref="HostPortSettings.Read"/> and one <see cref="Sockets.Default"/> listing without owners.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    public static EphemeralPortUsage Read(Transport transport = Transport.Tcp)
    {
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Ephemeral ports are reported for TCP and UDP.");
        }

        return Read(transport, Sockets.Default, HostPortSettings.Read(), OperatingSystem.IsLinux() && transport == Transport.Tcp);
    }

    /// <summary>Reads the report from a given socket source and host settings.</summary>
    internal static EphemeralPortUsage Read(Transport transport, ISocketSource source, HostPortSettings settings, bool shared)
    {
        PortInterval range = settings.EphemeralRange(transport);
        SocketSnapshot snapshot = source.GetSockets(new SocketQuery { Transport = transport, ResolveProcesses = false });
        return Compute(transport, range, settings.Reserved(transport), shared, snapshot, snapshot.ReaderName, snapshot.IsComplete, snapshot.Warnings);
    }

    /// <summary>The pure part: counts the ports of the pool that <paramref name="sockets"/> use, per destination.</summary>
    /// <param name="transport">The transport the sockets were listed for; others are ignored.</param>
    /// <param name="range">The ephemeral range.</param>
    /// <param name="reserved">Ports the OS never hands out automatically; removed from the pool.</param>
    /// <param name="shared">Whether connections to different destinations may share a local port (Linux TCP).</param>
    /// <param name="sockets">The sockets.</param>
    /// <param name="source">The source's name.</param>
    /// <param name="isComplete">Whether the source saw every socket.</param>
    /// <param name="warnings">The source's warnings.</param>
    internal static EphemeralPortUsage Compute(
        Transport transport, PortInterval range, IReadOnlyList<PortInterval> reserved, bool shared, IEnumerable<SocketEntry> sockets,
        string source, bool isComplete, IReadOnlyList<string> warnings)
    {
        int size = range.Count;
        foreach (PortInterval r in reserved)
        {
            if (r.Overlaps(range))
            {
                size -= Math.Min(r.Last.Value, range.Last.Value) - Math.Max(r.First.Value, range.First.Value) + 1;
            }
        }

        bool InPool(PortNumber port) => range.Contains(port) && !IsReserved(reserved, port);

        // Ports held for everybody: bound and listening sockets (Linux TCP); every used port where nothing is shared.
        var exclusive = new HashSet<int>();
        var connected = new List<SocketEntry>();
        foreach (SocketEntry socket in sockets)
        {
            if (socket.Transport != transport || !InPool(socket.LocalPort))
            {
                continue;
            }

            if (!shared || socket.RemoteEndPoint is null)
            {
                exclusive.Add(socket.LocalPort.Value);
            }

            if (socket.RemoteEndPoint is not null)
            {
                connected.Add(socket);
            }
        }

        var groups = new Dictionary<(IPAddress Local, IPEndPoint Remote), (int Count, int TimeWait)>();
        foreach (SocketEntry socket in connected)
        {
            // A connection on a port that a listener or bound socket holds is that socket's business (an accepted
            // connection on a server port inside the range): it takes nothing more from the pool.
            if (shared && exclusive.Contains(socket.LocalPort.Value))
            {
                continue;
            }

            var key = (socket.LocalEndPoint.Address, socket.RemoteEndPoint!);
            groups.TryGetValue(key, out var counts);
            groups[key] = (counts.Count + 1, counts.TimeWait + (socket.State == SocketState.TimeWait ? 1 : 0));
        }

        var destinations = new List<EphemeralDestination>(groups.Count);
        foreach (((IPAddress local, IPEndPoint remote), (int count, int timeWait)) in groups)
        {
            int used = shared ? exclusive.Count + count : exclusive.Count;
            double percent = size <= 0 ? 100 : Math.Min(100, 100.0 * used / size);
            destinations.Add(new EphemeralDestination(remote, local, count, timeWait, percent));
        }

        destinations.Sort(static (a, b) =>
        {
            int c = b.Percent.CompareTo(a.Percent);
            c = c != 0 ? c : b.Count.CompareTo(a.Count);
            return c != 0 ? c : string.CompareOrdinal(a.Remote.ToString(), b.Remote.ToString());
        });
        return new EphemeralPortUsage(
            transport, range, Math.Max(size, 0), exclusive.Count, shared, destinations.AsReadOnly(), source, isComplete, warnings);
    }

    private static bool IsReserved(IReadOnlyList<PortInterval> reserved, PortNumber port)
    {
        foreach (PortInterval r in reserved)
        {
            if (r.Contains(port))
            {
                return true;
            }
        }

        return false;
    }
}
