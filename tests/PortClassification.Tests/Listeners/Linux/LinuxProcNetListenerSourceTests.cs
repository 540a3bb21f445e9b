using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxProcNetListenerSourceTests
{
    [LinuxFact]
    public void GetListeners_IPv4MappedSockets_ListedAsIPv4() =>
        LiveListeners.AssertFindsIPv4MappedListeners(new LinuxProcNetListenerSource());

    [LinuxFact]
    public void GetListeners_LoopbackSockets_FoundWithOwners() =>
        LiveListeners.AssertFindsOwnAndChildListeners(new LinuxProcNetListenerSource());

    [LinuxFact]
    public void GetListeners_Query_Filters() =>
        LiveListeners.AssertQueriesFilter(new LinuxProcNetListenerSource());

    [LinuxFact]
    public void GetListeners_OtherProcessNetDirectory_ListsThatNamespace()
    {
        using var sockets = new LoopbackSockets();
        var endPoint = sockets.TcpListener(System.Net.Sockets.AddressFamily.InterNetwork);

        // Our own /proc/<pid>/net is the same namespace, so it must list our listener.
        ListenerSnapshot snapshot = new LinuxProcNetListenerSource($"/proc/{Environment.ProcessId}/net").GetListeners();

        LiveListeners.AssertOwned(snapshot, Transport.Tcp, endPoint, Environment.ProcessId, LiveListeners.OwnName);
    }

    [LinuxFact]
    public void GetListeners_MissingDirectory_ListsNothing()
    {
        ListenerSnapshot snapshot = new LinuxProcNetListenerSource("/nonexistent-proc-net").GetListeners();

        Assert.Empty(snapshot);
        Assert.True(snapshot.IsComplete);
    }

    [Fact]
    public void Constructor_EmptyDirectory_Throws()
    {
        if (OperatingSystem.IsLinux())
        {
            Assert.Throws<ArgumentException>(() => new LinuxProcNetListenerSource(""));
        }
    }
}
