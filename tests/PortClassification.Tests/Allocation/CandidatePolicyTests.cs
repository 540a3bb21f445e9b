using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Allocation;

public class CandidatePolicyTests
{
    private static readonly PortInterval LinuxDefault = PortInterval.Parse("32768-60999");
    private static readonly PortInterval IanaDynamic = PortInterval.Parse("49152-65535");
    private static readonly Func<PortNumber, bool> AllUnassigned = _ => true;

    [Fact]
    public void CreateDefault_LinuxDefaults_IsDynamicRangeAboveEphemeral()
    {
        CandidatePolicy policy = CandidatePolicy.CreateDefault(LinuxDefault, [], AllUnassigned, []);

        Assert.Equal(65535 - 61000 + 1, policy.Count);
        Assert.Equal(61000, policy[0].Value);
        Assert.Equal(65535, policy[policy.Count - 1].Value);
        Assert.False(policy.Contains(60999));
        Assert.True(policy.Contains(61000));
    }

    [Fact]
    public void CreateDefault_EphemeralIsWholeDynamicRange_UsesUnassignedUserPortsAboveTenThousand()
    {
        // Windows and macOS: the ephemeral range is 49152-65535, so nothing of the dynamic range is left.
        Func<PortNumber, bool> unassigned = p => p.Value % 3 == 0;

        CandidatePolicy policy = CandidatePolicy.CreateDefault(IanaDynamic, [], unassigned, []);

        Assert.True(policy.Count > 10000);
        for (int i = 0; i < policy.Count; i++)
        {
            PortNumber port = policy[i];
            Assert.InRange(port.Value, CandidatePolicy.LowFloor + 1, 49151);
            Assert.True(unassigned(port));
        }
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.Udp)]
    public void CreateDefault_WindowsRangeWithTheRegistry_OnlyUnassignedUserPorts(Transport transport)
    {
        CandidatePolicy policy = CandidatePolicy.CreateDefault(
            IanaDynamic, [], p => ServiceRegistry.Default.GetStatus(p, transport) == RegistrationStatus.Unassigned, []);

        Assert.False(policy.Contains(27017)); // mongodb
        Assert.False(policy.Contains(11211)); // memcache
        Assert.False(policy.Contains(10000)); // at the floor, not above it
        Assert.True(policy.Count > 1000);
        for (int i = 0; i < policy.Count; i++)
        {
            Assert.Equal(RegistrationStatus.Unassigned, ServiceRegistry.Default.GetStatus(policy[i], transport));
        }
    }

    [Fact]
    public void CreateDefault_EphemeralFromTenThousand_FallsBackToDynamicRange()
    {
        // FreeBSD's default ephemeral range, 10000-65535, leaves no port outside it above 10000.
        CandidatePolicy policy = CandidatePolicy.CreateDefault(PortInterval.Parse("10000-65535"), [], AllUnassigned, []);

        Assert.Equal(IanaDynamic.Count, policy.Count);
        Assert.Equal(IanaDynamic.First, policy[0]);
    }

    [Fact]
    public void CreateDefault_ReservedAndExcluded_AreLeftOutAndCounted()
    {
        PortInterval[] reserved = [PortInterval.Parse("61000-61099"), PortInterval.Parse("64000")];
        PortInterval[] excluded = [PortInterval.Parse("62000-62009"), PortInterval.Parse("61050")];

        CandidatePolicy policy = CandidatePolicy.CreateDefault(LinuxDefault, reserved, AllUnassigned, excluded);

        Assert.Equal(101, policy.RemovedReserved);
        Assert.Equal(10, policy.RemovedExcluded); // 61050 is reserved already
        Assert.Equal(4536 - 111, policy.Count);
        Assert.False(policy.Contains(61050));
        Assert.False(policy.Contains(64000));
        Assert.False(policy.Contains(62005));
        Assert.True(policy.Contains(61100));
    }

    [Fact]
    public void CreateDefault_RoomJustBelowMinimum_AddsUserPorts()
    {
        var ephemeral = new PortInterval(49152, (ushort)(65535 - CandidatePolicy.MinimumRoom + 1));

        CandidatePolicy policy = CandidatePolicy.CreateDefault(ephemeral, [], AllUnassigned, []);

        // Less 10080, the one browser-blocked port (BrowserBlockedPorts) above LowFloor.
        Assert.Equal(49151 - CandidatePolicy.LowFloor + CandidatePolicy.MinimumRoom - 1 - 1, policy.Count);
    }

    [Fact]
    public void CreateExplicit_Interval_IsIntervalMinusReservedExcludedAndPortZero()
    {
        CandidatePolicy policy = CandidatePolicy.CreateExplicit(
            PortInterval.Parse("0-10"), [PortInterval.Parse("3-4")], [PortInterval.Parse("7")]);

        Assert.Equal([1, 2, 5, 6, 8, 9, 10], Enumerable.Range(0, policy.Count).Select(i => (int)policy[i].Value));
        Assert.Equal(2, policy.RemovedReserved);
        Assert.Equal(1, policy.RemovedExcluded);
    }

    [Property]
    public Property CreateDefault_AnyHost_CandidatesAvoidReservedExcludedAndEphemeral()
    {
        Gen<PortInterval> interval =
            from first in Gen.Choose(1024, 65535)
            from length in Gen.Choose(0, 40000)
            select new PortInterval((ushort)first, (ushort)Math.Min(65535, first + length));
        Gen<PortInterval[]> intervals = Gen.ArrayOf(interval, 4);
        Gen<(PortInterval Ephemeral, PortInterval[] Reserved, PortInterval[] Excluded, int Modulus)> hosts =
            from ephemeral in interval
            from reserved in intervals
            from excluded in intervals
            from modulus in Gen.Choose(1, 7)
            select (ephemeral, reserved, excluded, modulus);

        return Prop.ForAll(
            Arb.From(hosts),
            host =>
            {
                (PortInterval ephemeral, PortInterval[] reserved, PortInterval[] excluded, int m) = host;
                Func<PortNumber, bool> unassigned = p => p.Value % m == 0;
                CandidatePolicy policy = CandidatePolicy.CreateDefault(ephemeral, reserved, unassigned, excluded);
                bool sharesEphemeral = policy.Count > 0 && ephemeral.Contains(policy[0]);
                for (int i = 0; i < policy.Count; i++)
                {
                    PortNumber port = policy[i];
                    bool ok = (i == 0 || policy[i - 1] < port)
                        && policy.Contains(port)
                        && !reserved.Any(r => r.Contains(port))
                        && !excluded.Any(r => r.Contains(port))
                        && (port.Value >= 49152 || (port.Value > CandidatePolicy.LowFloor && unassigned(port)))
                        && (sharesEphemeral || !ephemeral.Contains(port));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            });
    }
}
