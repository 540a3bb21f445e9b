using System.Net.Sockets;
using PortClassification.Internal;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxListenerSourceTests
{
    [LinuxFact]
    public void GetListeners_NetlinkRefused_FallsBackToProcfsAndSaysSo()
    {
        using var sockets = new LoopbackSockets();
        var endPoint = sockets.TcpListener(AddressFamily.InterNetwork);
        var refusing = new RefusingSource();
        var source = new LinuxListenerSource(refusing, new LinuxProcNetListenerSource());
        Assert.Equal("linux-netlink", source.Name);

        ListenerSnapshot first = source.GetListeners();
        ListenerSnapshot second = source.GetListeners(new ListenerQuery { Port = new PortNumber(endPoint.Port) });

        Assert.Equal("linux-procfs", source.Name);
        Assert.Equal("linux-procfs", first.Source);
        Assert.Contains(first.Warnings, w => w.Contains("netlink sock_diag was refused", StringComparison.Ordinal));
        LiveListeners.AssertOwned(first, Transport.Tcp, endPoint, Environment.ProcessId, LiveListeners.OwnName);
        LiveListeners.AssertOwned(second, Transport.Tcp, endPoint, Environment.ProcessId, LiveListeners.OwnName);
        Assert.Equal(1, refusing.Calls); // refused once: not asked again
    }

    [LinuxFact]
    public void GetListeners_NetlinkWorks_UsesIt()
    {
        var source = new LinuxListenerSource(new LinuxNetlinkListenerSource(), new LinuxProcNetListenerSource());

        ListenerSnapshot snapshot = source.GetListeners(new ListenerQuery { ResolveProcesses = false });

        Assert.Equal("linux-netlink", snapshot.Source);
        Assert.Empty(snapshot.Warnings);
    }

    private sealed class RefusingSource : IListenerSource
    {
        public int Calls { get; private set; }

        public string Name => "linux-netlink";

        public ListenerSnapshot GetListeners(ListenerQuery? query = null)
        {
            Calls++;
            throw new UnauthorizedAccessException("Netlink sock_diag is unavailable: Permission denied (errno 13).");
        }
    }
}
