using System.Net;
using System.Net.Sockets;
using Xunit;
using static PortClassification.Tests.Diagnostics.FakeBind;

namespace PortClassification.Tests.Diagnostics;

/// <summary>Causes that come from the host rather than from another socket: the ephemeral and reserved ranges, privileged ports, Windows exclusions, addresses and families.</summary>
public class PortDiagnosticsHostCauseTests
{
    [Fact]
    public void DiagnoseBind_InsideEphemeralRange_WarnsButBinds()
    {
        BindReport report = Diagnose(Environment(), "127.0.0.1:40000");

        Assert.True(report.CanBind);
        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.InsideEphemeralRange, finding.Kind);
        Assert.False(finding.Blocks);
        Assert.Contains("may take it at any moment", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("ip_local_reserved_ports=40000", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_ReservedInsideEphemeralRange_WarnsReservedOnly()
    {
        BindReport report = Diagnose(Environment(reserved: ["40000-40010"]), "127.0.0.1:40005");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.ReservedPort, finding.Kind);
        Assert.False(finding.Blocks);
        Assert.Contains("bind(0) and outgoing connections skip it", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_PrivilegedPortWithoutCapability_PrivilegedPort()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, unprivilegedStart: 2000), "127.0.0.1:1500");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.PrivilegedPort, finding.Kind);
        Assert.True(finding.Blocks);
        Assert.Equal("Port 1500 is below 2000, this host's first unprivileged port, and this process lacks CAP_NET_BIND_SERVICE.", finding.Summary);
        Assert.Contains("setcap cap_net_bind_service=+ep", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_PrivilegedPortCapabilityUnreadable_SaysItCouldNotBeRead()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, mayBindPrivileged: null), "127.0.0.1:80");

        Assert.Contains("could not be read", Assert.Single(report.Findings).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_PrivilegedPortThatBinds_WarnsThatOthersCannot()
    {
        BindReport report = Diagnose(Environment(mayBindPrivileged: true), "127.0.0.1:80");

        Assert.True(report.CanBind);
        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.PrivilegedPort, finding.Kind);
        Assert.False(finding.Blocks);
    }

    [Fact]
    public void DiagnoseBind_AccessDeniedOnUnprivilegedPort_PermissionDeniedNamesLikelyCauses()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.PermissionDenied, finding.Kind);
        Assert.Contains("SELinux", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("WSL mirrored networking", finding.Remedy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:80", BindFindingKind.PrivilegedPort)]
    [InlineData("0.0.0.0:80", BindFindingKind.PermissionDenied)]
    [InlineData("[::]:80", BindFindingKind.PermissionDenied)]
    public void DiagnoseBind_MacOS_PrivilegedOnlyOnSpecificAddresses(string endPoint, BindFindingKind expected)
    {
        BindReport report = Diagnose(Environment(platform: BindPlatform.MacOS, plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied), endPoint);

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(expected, finding.Kind);
        if (expected == BindFindingKind.PrivilegedPort)
        {
            Assert.Contains("on a specific address", finding.Summary, StringComparison.Ordinal);
            Assert.Contains("root privileges", finding.Summary, StringComparison.Ordinal);
            Assert.StartsWith("Bind the wildcard address", finding.Remedy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DiagnoseBind_MacOSWildcardLowPortThatBinds_NoPrivilegeWarning()
    {
        BindReport report = Diagnose(Environment(platform: BindPlatform.MacOS, mayBindPrivileged: false, ephemeral: "49152-65535"), "0.0.0.0:80");

        Assert.True(report.CanBind);
        Assert.Empty(report.Findings);
    }

    [Theory]
    [InlineData(50010, true, "an administered exclusion (marked * by netsh)", "netsh int ipv4 delete excludedportrange protocol=tcp startport=50000 numberofports=60")]
    [InlineData(5357, false, "reserved by the system (Hyper-V, WinNAT or Docker", "net stop winnat")]
    public void DiagnoseBind_WindowsExcludedRangeFromNetsh_SaysWhoReservedItAndHowToInspect(int port, bool administered, string summary, string remedy)
    {
        WindowsExclusion[] exclusions = WindowsExclusion.FromDetails(NetshOutput.ParseExcludedPortRangeEntries(Host.HostFixtures.Windows("excludedportrange-tcp-en.txt")));

        BindReport report = Diagnose(Environment(platform: BindPlatform.Windows, plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, exclusions: exclusions, unprivilegedStart: 0), $"0.0.0.0:{port}");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.WindowsExcludedRange, finding.Kind);
        Assert.True(finding.Blocks);
        Assert.Equal(administered, exclusions.Single(e => e.Range.Contains(new PortNumber(port))).Administered);
        Assert.Contains(summary, finding.Summary, StringComparison.Ordinal);
        Assert.Contains("netsh int ipv4 show excludedportrange protocol=tcp", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains(remedy, finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_WindowsExcludedRangeWithoutMark_SaysBothPossibilities()
    {
        WindowsExclusion[] exclusions = [new WindowsExclusion(PortInterval.Parse("50000-50059"), null)];

        BindReport report = Diagnose(Environment(platform: BindPlatform.Windows, plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, exclusions: exclusions, unprivilegedStart: 0), "0.0.0.0:50000", Transport.Udp);

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.WindowsExcludedRange, finding.Kind);
        Assert.Equal("Port 50000 is in Windows' excluded port range 50000-50059, so no program may bind it.", finding.Summary);
        Assert.Contains("netsh int ipv4 show excludedportrange protocol=udp", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_WindowsAccessDeniedOutsideExclusions_PermissionDenied()
    {
        WindowsExclusion[] exclusions = WindowsExclusion.FromDetails(NetshOutput.ParseExcludedPortRangeEntries(Host.HostFixtures.Windows("excludedportrange-tcp-en.txt")));

        BindReport report = Diagnose(Environment(platform: BindPlatform.Windows, plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, exclusions: exclusions, unprivilegedStart: 0), "0.0.0.0:80");

        Assert.Equal(BindFindingKind.PermissionDenied, Assert.Single(report.Findings).Kind);
        Assert.Contains("SO_EXCLUSIVEADDRUSE", report.Findings[0].Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_WindowsAccessDeniedBySharingWithAListener_NamesTheListener()
    {
        // Windows answers "access denied" when a socket with SO_EXCLUSIVEADDRUSE (or another user's) refuses sharing.
        var source = new FakeSocketSource(Listener("0.0.0.0:8080", pid: 600, name: "sqlservr"));

        BindReport report = Diagnose(Environment(source, BindPlatform.Windows, plain: SocketError.AccessDenied, reuse: SocketError.AccessDenied, unprivilegedStart: 0), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.CoveredByWildcard, finding.Kind);
        Assert.Equal(600, finding.Sockets[0].ProcessId);
    }

    [Fact]
    public void DiagnoseBind_AddressNotOnHost_ListsTheHostsAddresses()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AddressNotAvailable, reuse: SocketError.AddressNotAvailable), "10.99.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.AddressNotOnHost, finding.Kind);
        Assert.Equal("10.99.0.1 is not an address of this host; it has 127.0.0.1, ::1.", finding.Summary);
    }

    [Fact]
    public void DiagnoseBind_IPv6AddressAndNoIPv6OnHost_AddressFamilyUnavailable()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AddressNotAvailable, reuse: SocketError.AddressNotAvailable, addresses: [IPAddress.Loopback]), "[::1]:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.AddressFamilyUnavailable, finding.Kind);
        Assert.Contains("disable_ipv6", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_SocketFamilyNotSupported_AddressFamilyUnavailable()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AddressFamilyNotSupported, reuse: SocketError.AddressFamilyNotSupported), "[::1]:8080");

        Assert.Equal(BindFindingKind.AddressFamilyUnavailable, Assert.Single(report.Findings).Kind);
    }

    [Fact]
    public void DiagnoseBind_LinkLocalWithoutScope_AddressNotOnHostAsksForTheInterface()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.AddressNotAvailable, reuse: SocketError.AddressNotAvailable), "[fe80::1]:8080");

        Assert.Contains("fe80::1%eth0", Assert.Single(report.Findings).Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnoseBind_OtherError_UnexplainedErrorNamesIt()
    {
        BindReport report = Diagnose(Environment(plain: SocketError.InvalidArgument, reuse: SocketError.InvalidArgument), "127.0.0.1:8080");

        BindFinding finding = Assert.Single(report.Findings);
        Assert.Equal(BindFindingKind.UnexplainedError, finding.Kind);
        Assert.Contains("InvalidArgument (10022)", finding.Summary, StringComparison.Ordinal);
    }
}
