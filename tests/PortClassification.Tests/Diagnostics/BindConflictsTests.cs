using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PortClassification.Tests.Diagnostics;

public class BindConflictsTests
{
    private static readonly string[] Addresses = ["0.0.0.0", "127.0.0.1", "10.0.0.1", "::", "::1", "fe80::1"];
    private static readonly SocketState[] TcpStates = Enum.GetValues<SocketState>().Where(s => s != SocketState.Connected).ToArray();

    private static Gen<SocketEntry> Sockets =>
        from transport in Gen.Elements(Transport.Tcp, Transport.Udp)
        from state in transport == Transport.Tcp ? Gen.Elements(TcpStates) : Gen.Elements(SocketState.Bound, SocketState.Connected)
        from address in Gen.Elements(Addresses)
        from port in Gen.Choose(8080, 8082)
        from pid in Gen.Elements<int?>(null, 1, 2)
        select new SocketEntry(
            transport,
            state,
            new IPEndPoint(IPAddress.Parse(address), port),
            state is SocketState.Listen or SocketState.Bound ? null : new IPEndPoint(IPAddress.Loopback, 50000),
            pid,
            null,
            pid is null ? 1000 : 0);

    [Property(MaxTest = 500)]
    public Property Find_AnySockets_NamesOnlyOverlappingSocketsOfThePortOnceEach() =>
        Prop.ForAll(
            Gen.ArrayOf(Sockets).ToArbitrary(),
            Gen.Elements(Addresses).ToArbitrary(),
            Gen.Elements(Enum.GetValues<BindPlatform>()).ToArbitrary(),
            (sockets, target, platform) =>
            {
                var endPoint = new IPEndPoint(IPAddress.Parse(target), 8081);
                List<BindFinding> findings = BindConflicts.Find(endPoint, Transport.Tcp, sockets, platform, seesEveryOwner: false, reuseWorks: null, PortInterval.Parse("8000-9000"));
                SocketEntry[] named = [.. findings.SelectMany(f => f.Sockets)];
                return findings.All(f => f.Blocks && f.Sockets.Count > 0)
                    && findings.Select(f => f.Kind).Distinct().Count() == findings.Count
                    && named.Distinct().Count() == named.Length
                    && named.All(s => s.Transport == Transport.Tcp && s.LocalEndPoint.Port == 8081)
                    && named.All(s => platform != BindPlatform.Windows || s.State != SocketState.TimeWait)
                    && named.All(s => Overlaps(endPoint.Address, s.LocalEndPoint.Address));
            });

    [Property]
    public Property Find_ExactHolderPresent_IsNamed() =>
        Prop.ForAll(
            Gen.Elements(TcpStates).ToArbitrary(),
            Gen.Elements("127.0.0.1", "::1", "10.0.0.1").ToArbitrary(),
            (state, address) =>
            {
                var local = new IPEndPoint(IPAddress.Parse(address), 8081);
                var socket = new SocketEntry(Transport.Tcp, state, local, state is SocketState.Listen or SocketState.Bound ? null : new IPEndPoint(IPAddress.Loopback, 1), 7);
                List<BindFinding> findings = BindConflicts.Find(local, Transport.Tcp, [socket], BindPlatform.Linux, true, null, null);
                return findings.Count == 1 && findings[0].Sockets[0] == socket;
            });

    // Addresses of one family overlap when equal or either is the wildcard; across families only through [::].
    private static bool Overlaps(IPAddress target, IPAddress holder) =>
        target.AddressFamily == holder.AddressFamily
            ? target.Equals(holder) || BindText.IsWildcard(target) || BindText.IsWildcard(holder)
            : holder.Equals(IPAddress.IPv6Any) || target.Equals(IPAddress.IPv6Any);
}
