using System.Net;
using System.Net.Sockets;
using Xunit;
using static PortClassification.Tests.Diagnostics.FakeBind;

namespace PortClassification.Tests.Diagnostics;

public class PortDiagnosticsTests
{
    private const SocketError InUse = SocketError.AddressAlreadyInUse;

    [Fact]
    public void DiagnoseBind_ListenerOnSameAddress_HeldByListenerWithItsProcess()
    {
        SocketEntry listener = Listener("127.0.0.1:8080");
        var source = new FakeSocketSource(listener, Listener("127.0.0.1:8081", pid: 7));

        BindReport report = Diagnose(Environment(source, plain: InUse, reuse: InUse), "127.0.0.1:8080");

        Assert.False(report.CanBind);
        Assert.False(report.CanBindWithReuseAddress);
        Assert.Equal(InUse, report.Error);
        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.HeldByListener, finding.Kind);
        Assert.True(finding.Blocks);
        Assert.Same(listener, Assert.Single(finding.Sockets));
        Assert.Equal("A listener on 127.0.0.1:8080 (pid 42, nginx) holds the port.", finding.Summary);
        Assert.Equal("127.0.0.1:8080/tcp cannot be bound: a listener on 127.0.0.1:8080 (pid 42, nginx) holds the port.", report.Summary);
        SocketQuery query = Assert.Single(source.Queries)!;
        Assert.Equal(Transport.Tcp, query.Transport);
        Assert.Equal(new PortNumber(8080), query.LocalPort);
    }

    [Fact]
    public void DiagnoseBind_WildcardTargetAndSpecificListener_HeldByListener()
    {
        BindReport report = Diagnose(Environment(new FakeSocketSource(Listener("127.0.0.1:8080")), plain: InUse, reuse: InUse), "0.0.0.0:8080");

        Assert.Equal(BindFindingKind.HeldByListener, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void DiagnoseBind_SpecificTargetAndWildcardListener_CoveredByWildcard()
    {
        BindReport report = Diagnose(Environment(new FakeSocketSource(Listener("0.0.0.0:8080")), plain: InUse, reuse: InUse), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.CoveredByWildcard, finding.Kind);
        Assert.Contains("covers 127.0.0.1: a socket on the wildcard address holds the port on every address of its family", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_IPv4TargetAndOnlyIPv6Wildcard_CoveredByDualStackSocket()
    {
        SocketEntry dual = Listener("[::]:8080", pid: 9, name: "kestrel");

        BindReport report = Diagnose(Environment(new FakeSocketSource(dual, Listener("[::1]:8080")), plain: InUse, reuse: InUse), "0.0.0.0:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.CoveredByWildcard, finding.Kind);
        Assert.Same(dual, Assert.Single(finding.Sockets));
        Assert.Contains("without IPV6_V6ONLY (dual-stack)", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("IPV6_V6ONLY", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_IPv4HolderBesideIPv6Wildcard_NamesOnlyTheIPv4Holder()
    {
        // The [::] socket may be IPV6_V6ONLY; the IPv4 listener certainly overlaps, so only it is named.
        BindReport report = Diagnose(Environment(new FakeSocketSource(Listener("[::]:8080"), Listener("0.0.0.0:8080", pid: 5)), plain: InUse, reuse: InUse), "0.0.0.0:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.HeldByListener, finding.Kind);
        Assert.Equal(5, Assert.Single(finding.Sockets).ProcessId);
    }

    [Fact]
    public void DiagnoseBind_IPv6WildcardTargetAndIPv4Listener_SaysTheDualStackBindNeedsIPv4()
    {
        BindReport report = Diagnose(Environment(new FakeSocketSource(Listener("0.0.0.0:8080")), plain: InUse, reuse: InUse), "[::]:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.HeldByListener, finding.Kind);
        Assert.Contains("needs the IPv4 port too", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_TcpBoundSocket_HeldByBoundSocket_UdpBoundSocket_HeldByListener()
    {
        var source = new FakeSocketSource(Bound("127.0.0.1:9000"), Bound("127.0.0.1:9000", Transport.Udp, pid: 77));

        BindReport tcp = Diagnose(Environment(source, plain: InUse, reuse: InUse), "127.0.0.1:9000");
        BindReport udp = Diagnose(Environment(source, plain: InUse, reuse: InUse), "127.0.0.1:9000", Transport.Udp);

        Assert.Equal(BindFindingKind.HeldByBoundSocket, Assert.Single(tcp.Findings).Kind);
        Assert.Equal(43, tcp.Findings[0].Sockets[0].ProcessId);
        Assert.Equal(BindFindingKind.HeldByListener, Assert.Single(udp.Findings).Kind);
        Assert.Equal(77, udp.Findings[0].Sockets[0].ProcessId);
        Assert.Equal("127.0.0.1:9000/udp cannot be bound: a listener on 127.0.0.1:9000 (pid 77, guard) holds the port.", udp.Summary);
    }

    [Theory]
    [InlineData(null, "A bind with SO_REUSEADDR works now")]
    [InlineData(InUse, "Even a bind with SO_REUSEADDR fails now")]
    public void DiagnoseBind_OnlyTimeWait_TimeWaitRemnantsAndWhetherReuseAddressHelps(SocketError? reuse, string remedy)
    {
        SocketEntry tw = Connection("127.0.0.1:8080", "127.0.0.1:50000", SocketState.TimeWait, pid: null);

        BindReport report = Diagnose(Environment(new FakeSocketSource(tw), plain: InUse, reuse: reuse), "0.0.0.0:8080");

        Assert.False(report.CanBind);
        Assert.Equal(reuse is null, report.CanBindWithReuseAddress);
        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.TimeWaitRemnants, finding.Kind);
        Assert.True(finding.Blocks);
        Assert.Null(Assert.Single(finding.Sockets).ProcessId);
        Assert.Contains("(no process)", finding.Summary, StringComparison.Ordinal);
        Assert.StartsWith(remedy, finding.Remedy, StringComparison.Ordinal);
        Assert.Contains(".NET, nginx, Node.js and Go", finding.Remedy, StringComparison.Ordinal);
        Assert.StartsWith(reuse is null ? "0.0.0.0:8080/tcp cannot be bound (it can with SO_REUSEADDR): a closed connection" : "0.0.0.0:8080/tcp cannot be bound: a closed connection", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_TimeWaitOnWindows_IsNoCause()
    {
        SocketEntry tw = Connection("127.0.0.1:8080", "127.0.0.1:50000", SocketState.TimeWait, pid: null);

        BindReport report = Diagnose(Environment(new FakeSocketSource(tw), BindPlatform.Windows, plain: InUse, reuse: InUse), "0.0.0.0:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.HeldByUnseenSocket, finding.Kind);
        Assert.Contains("bound but not listening (netstat -q", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_ListenerAndItsConnections_ListenerFirstThenConnections()
    {
        var source = new FakeSocketSource(
            Connection("127.0.0.1:40000", "127.0.0.1:5000"),
            Listener("0.0.0.0:40000"),
            Connection("127.0.0.1:40000", "127.0.0.1:5001", SocketState.TimeWait, pid: null));

        BindReport report = Diagnose(Environment(source, plain: InUse, reuse: InUse), "0.0.0.0:40000");

        Assert.Equal([BindFindingKind.HeldByListener, BindFindingKind.HeldByConnection, BindFindingKind.TimeWaitRemnants], report.Findings.Select(f => f.Kind));
        Assert.Contains("in the ephemeral range 32768-60999", report.Findings[1].Remedy, StringComparison.Ordinal);
        Assert.Equal("A connection uses port 40000 as its local port: 127.0.0.1:40000 -> 127.0.0.1:5000 (pid 44, client).", report.Findings[1].Summary);
    }

    [Fact]
    public void DiagnoseBind_OwnerHiddenFromThisUser_SaysSoWithTheUidInsteadOfGuessing()
    {
        SocketEntry hidden = Listener("127.0.0.1:8080", pid: null, name: null, uid: 1000);

        BindReport report = Diagnose(Environment(new FakeSocketSource(hidden), plain: InUse, reuse: InUse, seesEveryOwner: false), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal("A listener on 127.0.0.1:8080 (uid 1000, process hidden from this user) holds the port.", finding.Summary);
        Assert.Contains("Run as root", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_ManySockets_NamesThreeAndCountsTheRest()
    {
        SocketEntry[] many = [.. Enumerable.Range(0, 6).Select(i => Connection("127.0.0.1:8080", $"127.0.0.1:{50000 + i}", SocketState.TimeWait, pid: null))];

        BindReport report = Diagnose(Environment(new FakeSocketSource(many), plain: InUse, reuse: null), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(6, finding.Sockets.Count);
        Assert.Contains("6 closed connections on port 8080 are in TIME_WAIT", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("and 3 more", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_NothingVisibleOnThePort_HeldByUnseenSocket()
    {
        var source = new FakeSocketSource(Listener("10.0.0.1:8080"), Listener("127.0.0.1:8081"));

        BindReport report = Diagnose(Environment(source, plain: InUse, reuse: InUse, seesEveryOwner: false), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.HeldByUnseenSocket, finding.Kind);
        Assert.Empty(finding.Sockets);
        Assert.Contains("Run as root", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_SocketSourceFails_HeldByUnseenSocketAndAWarning()
    {
        var source = new FakeSocketSource { Failure = new UnauthorizedAccessException("netlink refused") };

        BindReport report = Diagnose(Environment(source, plain: InUse, reuse: InUse), "127.0.0.1:8080");

        Assert.Equal(BindFindingKind.HeldByUnseenSocket, Assert.Single(report.Findings).Kind);
        Assert.Contains("the socket table could not be read", report.Findings[0].Summary, StringComparison.Ordinal);
        Assert.Contains(report.Warnings, w => w.Contains("netlink refused", StringComparison.Ordinal));
    }

    [Fact]
    public void DiagnoseBind_IncompleteSnapshot_CarriesItsWarnings()
    {
        var source = new FakeSocketSource(Listener("127.0.0.1:8080")) { Complete = false };

        BindReport report = Diagnose(Environment(source, plain: InUse, reuse: InUse), "127.0.0.1:8080");

        Assert.Equal(BindFindingKind.HeldByListener, Assert.Single(report.Findings).Kind);
        Assert.Contains("another user's sockets were not listed", report.Warnings);
    }

    [Fact]
    public void DiagnoseBind_PlainBindWorks_ReuseNotTriedAndNoSocketsRead()
    {
        var probes = new List<bool>();
        var source = new FakeSocketSource(Listener("127.0.0.1:8080"));

        BindReport report = Diagnose(Environment(source, probes: probes), "127.0.0.1:20000");

        Assert.True(report.CanBind);
        Assert.True(report.CanBindWithReuseAddress);
        Assert.Null(report.Error);
        Assert.Empty(report.Findings);
        Assert.Equal([false], probes);
        Assert.Empty(source.Queries);
        Assert.Equal("127.0.0.1:20000/tcp can be bound now.", report.Summary);
    }

    [Fact]
    public void DiagnoseBind_PlainBindFails_TriesAgainWithReuseAddress()
    {
        var probes = new List<bool>();

        _ = Diagnose(Environment(plain: InUse, reuse: null, probes: probes), "127.0.0.1:8080");

        Assert.Equal([false, true], probes);
    }

    [Fact]
    public void Explain_FailedBind_SameFindingsWithoutProbing()
    {
        var probes = new List<bool>();
        SocketEntry listener = Listener("127.0.0.1:8080");
        BindEnvironment environment = Environment(new FakeSocketSource(listener), plain: InUse, reuse: InUse, probes: probes);

        BindReport report = PortDiagnostics.Explain(environment, new SocketException((int)InUse), At("127.0.0.1:8080"), Transport.Tcp);

        Assert.Empty(probes);
        Assert.False(report.CanBind);
        Assert.Null(report.CanBindWithReuseAddress);
        Assert.Equal(BindFindingKind.HeldByListener, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void Explain_ExceptionThatReportsSuccess_Throws()
    {
        Assert.Throws<ArgumentException>(() => PortDiagnostics.Explain(new SocketException(0), At("127.0.0.1:8080"), Transport.Tcp, new FakeSocketSource()));
    }

    [Fact]
    public void PublicMethods_InvalidArguments_Throw()
    {
        var source = new FakeSocketSource();
        Assert.Throws<ArgumentNullException>(() => PortDiagnostics.DiagnoseBind(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortDiagnostics.DiagnoseBind(At("127.0.0.1:1"), Transport.Sctp, source));
        Assert.Throws<ArgumentNullException>(() => PortDiagnostics.Explain(null!, At("127.0.0.1:1")));
        Assert.Throws<ArgumentNullException>(() => PortDiagnostics.Explain(new SocketException((int)InUse), null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => PortDiagnostics.Explain(new SocketException((int)InUse), At("127.0.0.1:1"), (Transport)9, source));
    }

    [Fact]
    public void BindReport_Constructor_ChecksConsistency()
    {
        IPEndPoint at = At("127.0.0.1:1");
        var blocking = new BindFinding(BindFindingKind.HeldByListener, true, "held");
        Assert.Throws<ArgumentException>(() => new BindReport(at, Transport.Tcp, true, true, InUse, []));
        Assert.Throws<ArgumentException>(() => new BindReport(at, Transport.Tcp, false, false, null, []));
        Assert.Throws<ArgumentException>(() => new BindReport(at, Transport.Tcp, true, true, null, [blocking]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BindReport(at, Transport.Dccp, true, true, null, []));
        Assert.Throws<ArgumentNullException>(() => new BindReport(at, Transport.Tcp, true, true, null, [null!]));
        Assert.Throws<ArgumentNullException>(() => new BindReport(at, Transport.Tcp, true, true, null, [], [null!]));
        Assert.Throws<ArgumentNullException>(() => new BindReport(null!, Transport.Tcp, true, true, null, []));
    }

    [Fact]
    public void BindFinding_Constructor_ChecksArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BindFinding((BindFindingKind)99, true, "x"));
        Assert.Throws<ArgumentException>(() => new BindFinding(BindFindingKind.HeldByListener, true, " "));
        Assert.Throws<ArgumentNullException>(() => new BindFinding(BindFindingKind.HeldByListener, true, null!));
        Assert.Throws<ArgumentNullException>(() => new BindFinding(BindFindingKind.HeldByListener, true, "x", null, [null!]));
        var finding = new BindFinding(BindFindingKind.ReservedPort, false, "Reserved.", " ");
        Assert.Null(finding.Remedy);
        Assert.Equal("ReservedPort: Reserved.", finding.ToString());
    }
}
