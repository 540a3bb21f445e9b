using System.Diagnostics;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PortClassification.Tests.Allocation;

/// <summary>
/// The allocator across processes: child processes that share one network namespace (a private one
/// with a test-set ephemeral range and reserved ports when run as root, as in CI).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PortAllocatorMultiProcessTests(ITestOutputHelper output)
{
    // Generous: only a hung child takes this long, and a loaded 2-core machine starts dotnet slowly.
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(120);

    [LinuxFact]
    public void Lease_SixProcessesHoldingThreeHundredEach_NoDuplicatesAndKilledProcessPortsReturn()
    {
        const int Children = 6;
        const int PerChild = 300;
        using var children = new AllocatorChildren();
        var processes = new Process[Children];
        for (int i = 0; i < Children; i++)
        {
            processes[i] = children.StartChild("hold", "c" + i, PerChild.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var ports = new PortNumber[Children][];
        for (int i = 0; i < Children; i++)
        {
            ports[i] = children.ReadPorts("c" + i, ChildTimeout);
            Assert.Equal(PerChild, ports[i].Length);
        }

        // All 1,800 leases are held at this point: not one port may appear twice.
        PortNumber[] all = [.. ports.SelectMany(p => p)];
        output.WriteLine($"private namespace: {children.InPrivateNamespace}; {all.Length} ports held, {all.Min()}-{all.Max()}");
        Assert.Equal(all.Length, all.Distinct().Count());
        AssertInsidePolicy(children, all);

        // SIGKILL one child: the kernel drops its file locks and guard sockets, so a new child can lease
        // exactly its ports (as preferred ports) while the other five still hold theirs.
        processes[0].Kill();
        Assert.True(processes[0].WaitForExit(TimeSpan.FromSeconds(60)));
        string preferred = Path.Combine(children.Directory, "killed.txt");
        File.WriteAllText(preferred, string.Join(',', ports[0].Select(p => p.Value)));
        children.StartChild("hold", "again", PerChild.ToString(System.Globalization.CultureInfo.InvariantCulture), preferred);
        PortNumber[] again = children.ReadPorts("again", ChildTimeout);
        Assert.Equal(ports[0].Order(), again.Order());

        children.Signal("release");
        children.WaitForChildren(ChildTimeout, processes[0]);
    }

    [LinuxFact]
    public void Lease_PortsLeasedByAnotherUser_AreNotHandedOut()
    {
        // Claim files are per user; across users the guard socket is what excludes (TCP, Linux). As root
        // (CI) the child runs as nobody; otherwise as this user, which checks the cross-process case only.
        using var children = new AllocatorChildren(privateNamespace: false);
        int? nobody = AllocatorChildren.IsRoot && File.Exists("/usr/bin/setpriv") ? 65534 : null;
        children.StartChildAs(nobody, "hold", "other", "50");
        PortNumber[] theirs = children.ReadPorts("other", ChildTimeout);

        int refused = 0;
        foreach (PortNumber port in theirs)
        {
            var allocator = new PortAllocator(new PortAllocatorOptions { CandidatePorts = new PortInterval(port) });
            var error = Assert.Throws<InvalidOperationException>(() => allocator.Lease());
            refused += error.Message.Contains(nobody is null ? "1 claimed by another process" : "1 in use", StringComparison.Ordinal) ? 1 : 0;
        }

        output.WriteLine($"child user: {nobody?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "this user"}; {refused} of {theirs.Length} of its ports refused");
        Assert.Equal(theirs.Length, refused);
        children.Signal("release");
        children.WaitForChildren(ChildTimeout);
    }

    [LinuxFact]
    public void Lease_ServersBindFiftyMillisecondsLaterWhileBystanderChurns_NoBindFailures()
    {
        using var children = new AllocatorChildren();
        (int failures, PortNumber[] ports, long churned) = RunLateBindingServers(children, []);

        output.WriteLine($"private namespace: {children.InPrivateNamespace}; {ports.Length} servers, {failures} bind failures, bystander bind(0)s: {churned}");
        Assert.Equal(0, failures);
        Assert.Equal(ports.Length, ports.Distinct().Count());
        AssertInsidePolicy(children, ports);
    }

    [LinuxFact]
    public void Lease_CandidatesWhereBindZeroDraws_GuardSocketsStillPreventBindFailures()
    {
        // The worst case for a late-binding server: candidates in the half of the ephemeral range that
        // .NET's bind(0) draws from, with a bystander churning bind(0). Only the guard socket keeps the
        // kernel off the leased ports (measured without it: 4-5 % of these servers fail).
        using var children = new AllocatorChildren();
        PortInterval ephemeral = children.InPrivateNamespace ? AllocatorChildren.NamespaceEphemeral : ReadLinuxEphemeral();
        var bindZeroHalf = new PortInterval(ephemeral.First, (ushort)(ephemeral.First.Value + (ephemeral.Count / 2) - 1));

        (int failures, PortNumber[] ports, long churned) = RunLateBindingServers(children, ["guard", bindZeroHalf.ToString()]);

        output.WriteLine($"private namespace: {children.InPrivateNamespace}; candidates {bindZeroHalf}; {ports.Length} servers, {failures} bind failures, bystander bind(0)s: {churned}");
        Assert.Equal(0, failures);
        Assert.All(ports, port => Assert.True(bindZeroHalf.Contains(port)));
    }

    private static (int Failures, PortNumber[] Ports, long Churned) RunLateBindingServers(AllocatorChildren children, string[] allocatorArguments)
    {
        const int Children = 4;
        const int PerChild = 250;
        children.StartChild("churn", "bystander");
        for (int i = 0; i < Children; i++)
        {
            children.StartChild("lag", "s" + i, [PerChild.ToString(System.Globalization.CultureInfo.InvariantCulture), "50", "2", .. allocatorArguments]);
        }

        for (int i = 0; i < Children; i++)
        {
            children.ReadPid("s" + i);
        }

        children.Signal("go");
        int failures = 0;
        var all = new List<PortNumber>();
        for (int i = 0; i < Children; i++)
        {
            failures += int.Parse(children.WaitForFile("s" + i + ".failures", ChildTimeout), System.Globalization.CultureInfo.InvariantCulture);
            all.AddRange(children.ReadPorts("s" + i, ChildTimeout));
        }

        children.Signal("release");
        long churned = long.Parse(children.WaitForFile("bystander.churn", ChildTimeout), System.Globalization.CultureInfo.InvariantCulture);
        children.WaitForChildren(ChildTimeout);
        Assert.Equal(Children * PerChild, all.Count);
        Assert.True(churned > 0, "The bystander did not run.");
        return (failures, [.. all], churned);
    }

    private static void AssertInsidePolicy(AllocatorChildren children, PortNumber[] ports)
    {
        PortInterval ephemeral = children.InPrivateNamespace ? AllocatorChildren.NamespaceEphemeral : ReadLinuxEphemeral();
        IReadOnlyList<PortInterval> reserved = children.InPrivateNamespace ? AllocatorChildren.NamespaceReserved : [];
        foreach (PortNumber port in ports)
        {
            Assert.False(ephemeral.Contains(port), $"{port} is in the ephemeral range {ephemeral}.");
            Assert.DoesNotContain(reserved, r => r.Contains(port));
            Assert.Equal(PortRange.Dynamic, port.Range);
        }
    }

    private static PortInterval ReadLinuxEphemeral()
    {
        string[] parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return new PortInterval(PortNumber.Parse(parts[0]), PortNumber.Parse(parts[1]));
    }
}
