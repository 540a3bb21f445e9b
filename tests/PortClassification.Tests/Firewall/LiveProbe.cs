using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;

namespace PortClassification.Tests.Firewall;

/// <summary>What really happened to a connection attempt.</summary>
public enum Outcome
{
    Accepted,
    Rejected,
    Dropped,
}

/// <summary>
/// Servers in the server namespace (a dual-stack TCP listener and a UDP echo socket per port) and probes from the client
/// namespace: a TCP connect, or a UDP request that waits for the echo. A probe is accepted on a connection or a reply,
/// rejected on an immediate error (RST or ICMP unreachable), and dropped only when nothing came back within the wait
/// (<see cref="NegativeTimeout"/> unless told) — the tests confirm first, before any rule is loaded, that every probe is
/// accepted, and probe each drop again with a long wait, so a timeout means the rule set dropped the packet, not that
/// the machine is slow.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LiveProbe : IDisposable
{
    public static readonly TimeSpan NegativeTimeout = TimeSpan.FromSeconds(3);

    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _echoes = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts the servers inside <paramref name="pair"/>'s server namespace.</summary>
    public LiveProbe(NamespacePair pair)
    {
        Pair = pair;
        NamespacePair.RunIn(pair.Server, () =>
        {
            foreach (int port in FirewallFamily.TcpPorts)
            {
                var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                _sockets.Add(listener);
                listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                listener.Listen(64);
            }

            foreach (int port in FirewallFamily.UdpPorts)
            {
                var udp = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
                _sockets.Add(udp);
                udp.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                _echoes.Add(Echo(udp, _stop.Token));
            }

            return true;
        });
    }

    public NamespacePair Pair { get; }

    /// <summary>
    /// Probes until the probe is accepted or <paramref name="deadline"/> passes, and returns the last outcome: used only
    /// before any rule is loaded, where anything but Accepted means the link is not ready yet (or broken).
    /// </summary>
    public async Task<Outcome> ProbeUntilAcceptedAsync(Transport transport, int port, bool ipv6, TimeSpan deadline)
    {
        long end = Environment.TickCount64 + (long)deadline.TotalMilliseconds;
        while (true)
        {
            Outcome outcome = await ProbeAsync(transport, port, ipv6);
            if (outcome == Outcome.Accepted || Environment.TickCount64 >= end)
            {
                return outcome;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Probes one port from the client namespace, waiting <see cref="NegativeTimeout"/> for an answer.</summary>
    public Task<Outcome> ProbeAsync(Transport transport, int port, bool ipv6) => ProbeAsync(transport, port, ipv6, NegativeTimeout);

    /// <summary>Probes one port from the client namespace, waiting <paramref name="wait"/> for an answer.</summary>
    public async Task<Outcome> ProbeAsync(Transport transport, int port, bool ipv6, TimeSpan wait)
    {
        var server = new IPEndPoint(IPAddress.Parse(ipv6 ? Pair.ServerAddress6 : Pair.ServerAddress), port);
        using Socket client = NamespacePair.RunIn(Pair.Client, () => transport == Transport.Tcp
            ? new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            if (transport == Transport.Tcp)
            {
                await client.ConnectAsync(server, timeout.Token);
                return Outcome.Accepted;
            }

            await client.ConnectAsync(server, timeout.Token);
            await client.SendAsync("probe"u8.ToArray(), SocketFlags.None, timeout.Token);
            byte[] reply = new byte[16];
            int length = await client.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
            return length == 5 ? Outcome.Accepted : throw new InvalidOperationException("The echo server answered something else.");
        }
        catch (OperationCanceledException)
        {
            return Outcome.Dropped;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AccessDenied or SocketError.ConnectionReset)
        {
            return Outcome.Rejected;
        }
    }

    private static async Task Echo(Socket udp, CancellationToken stop)
    {
        byte[] buffer = new byte[64];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                SocketReceiveFromResult received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.IPv6Any, 0), stop);
                await udp.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException) when (!stop.IsCancellationRequested)
            {
                // An ICMP error about an earlier reply: keep serving.
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        Task.WaitAll([.. _echoes], TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
