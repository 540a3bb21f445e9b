using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Allocation.Linux;

/// <summary>
/// The WSL 2 fallback, driven through a fake host: a kernel release and bind results as WSL 2 with mirrored
/// networking gives them (EACCES for every bind in 49152-65535). Not run on WSL itself.
/// </summary>
[Collection(PortReuse.Name)]
public class WslPortsTests
{
    private static readonly PortInterval LinuxEphemeral = PortInterval.Parse("32768-60999");

    [Theory]
    [InlineData("5.15.153.1-microsoft-standard-WSL2\n", true)]
    [InlineData("6.6.36.6-microsoft-standard-WSL2+\n", true)]
    [InlineData("4.4.0-19041-Microsoft\n", true)]
    [InlineData("6.12.48+deb13-amd64\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWsl_KernelRelease_TrueWhenItNamesMicrosoftInAnyCase(string? release, bool expected) =>
        Assert.Equal(expected, WslPorts.IsWsl(release));

    [Theory]
    [InlineData(true, true, 10, 0, true)]
    [InlineData(false, true, 10, 0, false)]
    [InlineData(true, false, 10, 0, false)]
    [InlineData(true, true, 10, 1, false)]
    [InlineData(true, true, 0, 0, false)]
    public void ShouldFallBack_OnlyOnWslWithTheDefaultPolicyAndEveryBindTestRefused(bool wsl, bool defaultPolicy, int forbidden, int busy, bool expected) =>
        Assert.Equal(expected, WslPorts.ShouldFallBack(wsl, defaultPolicy, forbidden, busy));

    [LinuxFact]
    public void ReadOsRelease_OnLinux_MatchesTheKernelReleaseFile() =>
        Assert.Equal(File.ReadAllText(WslPorts.OsReleasePath), WslPorts.ReadOsRelease());

    [Fact]
    public void Lease_WslRefusesEveryDynamicPort_FallsBackToUnassignedUserPortsAboveTenThousandAndStays()
    {
        var host = new FakeHost(wsl: true, forbidden: port => port >= PortNumber.FirstDynamicPort);
        PortAllocator allocator = host.Allocator();

        using PortLease first = allocator.Lease();
        int dynamicProbes = host.DynamicProbes;
        using PortLease second = allocator.Lease();

        foreach (PortLease lease in (PortLease[])[first, second])
        {
            Assert.InRange(lease.Port.Value, 10001, LinuxEphemeral.First.Value - 1);
            Assert.Equal(RegistrationStatus.Unassigned, ServiceRegistry.Default.GetStatus(lease.Port, Transport.Tcp));
        }

        // The first lease tried every default candidate (61000-65535) before falling back; the second went straight to user ports.
        Assert.Equal(65535 - 61000 + 1, dynamicProbes);
        Assert.Equal(dynamicProbes, host.DynamicProbes);
        Assert.Equal(WslPorts.FallbackReason, allocator.GetPolicy(Transport.Tcp).Note);
    }

    [Fact]
    public void Lease_NotWsl_DoesNotFallBack()
    {
        var host = new FakeHost(wsl: false, forbidden: port => port >= PortNumber.FirstDynamicPort);

        var error = Assert.Throws<InvalidOperationException>(() => host.Allocator().Lease());

        Assert.Contains("4536 reserved or forbidden by the host", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WSL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_WslSomeDynamicPortBusy_DoesNotFallBack()
    {
        // A port in use means binds there are not refused wholesale: the exhaustion is real, not WSL's.
        var host = new FakeHost(wsl: true, forbidden: port => port >= PortNumber.FirstDynamicPort && port != 62000, busy: port => port == 62000);

        var error = Assert.Throws<InvalidOperationException>(() => host.Allocator().Lease());

        Assert.Contains("1 in use, 4535 reserved or forbidden", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WSL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_WslWithPortsTheCallerChose_DoesNotFallBack()
    {
        var host = new FakeHost(wsl: true, forbidden: port => port >= PortNumber.FirstDynamicPort);
        PortAllocator allocator = host.Allocator(new PortAllocatorOptions { CandidatePorts = PortInterval.Parse("60000-60009") });

        var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());

        Assert.StartsWith("No free TCP port: 10 ports considered (10 candidates), none could be leased: 0 in use, 10 reserved or forbidden", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WSL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_WslRefusesEverything_ExhaustionMessageGivesTheFallbackReason()
    {
        var host = new FakeHost(wsl: true, forbidden: _ => true);

        var error = Assert.Throws<InvalidOperationException>(() => host.Allocator().Lease());

        Assert.Contains("0 in use", error.Message, StringComparison.Ordinal);
        Assert.Contains(WslPorts.FallbackReason, error.Message, StringComparison.Ordinal);
        Assert.Contains("WSL 2", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A Linux host with the default ephemeral range, nothing reserved, and bind results from functions.</summary>
    private sealed class FakeHost(bool wsl, Func<int, bool> forbidden, Func<int, bool>? busy = null)
    {
        private int _dynamicProbes;

        public int DynamicProbes => Volatile.Read(ref _dynamicProbes);

        public PortAllocator Allocator(PortAllocatorOptions? options = null)
        {
            var settings = new HostPortSettings(EphemeralRanges.Same(LinuxEphemeral), [], [], (PortNumber)1024, supportsSctpAndDccp: true, []);
            return new PortAllocator(
                options ?? new PortAllocatorOptions(),
                policyFactory: null,
                claimStore: null,
                noStoreReason: "the test uses no claim store",
                new AllocatorHost(() => settings, wsl, Probe));
        }

        private ProbeOutcome Probe(PortNumber port, Transport transport, IReadOnlyList<IPAddress> addresses, bool[] unavailable, List<Socket> guards, bool keepGuards)
        {
            if (port.Value >= PortNumber.FirstDynamicPort)
            {
                Interlocked.Increment(ref _dynamicProbes);
            }

            return busy?.Invoke(port.Value) == true ? ProbeOutcome.Busy
                : forbidden(port.Value) ? ProbeOutcome.Forbidden
                : ProbeOutcome.Free;
        }
    }
}
