using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

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
        Assert.Equal("linux-procfs", first.ReaderName);
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

        Assert.Equal("linux-netlink", snapshot.ReaderName);
        Assert.Empty(snapshot.Warnings);
    }

    [LinuxTheory]
    [InlineData(Interop.Errno.EMFILE)]
    [InlineData(Interop.Errno.ENFILE)]
    [InlineData(Interop.Errno.ENOMEM)]
    [InlineData(Interop.Errno.ENOBUFS)]
    [InlineData(Interop.Errno.EAGAIN)]
    public void GetListeners_NetlinkFailsForAPassingReason_FallsBackForThatCallOnly(int errno)
    {
        var failingOnce = new FailingOnceSource(LinuxNetlinkReader.ToException(errno));
        var source = new LinuxListenerSource(failingOnce, new LinuxProcNetListenerSource());
        var query = new ListenerQuery { ResolveProcesses = false };

        ListenerSnapshot first = source.GetListeners(query);
        string nameBetween = source.Name;
        ListenerSnapshot second = source.GetListeners(query);

        Assert.Equal("linux-procfs", first.ReaderName);
        Assert.Contains(first.Warnings, w => w.Contains("failed this time", StringComparison.Ordinal) && w.Contains($"errno {errno}", StringComparison.Ordinal));
        Assert.Equal("linux-netlink", nameBetween);
        Assert.Equal("linux-netlink", second.ReaderName);
        Assert.Empty(second.Warnings);
        Assert.Equal(2, failingOnce.Calls);
    }

    [LinuxTheory]
    [InlineData(Interop.Errno.EACCES)]
    [InlineData(Interop.Errno.EPERM)]
    [InlineData(Interop.Errno.EPROTONOSUPPORT)]
    [InlineData(Interop.Errno.EAFNOSUPPORT)]
    public void GetListeners_NetlinkRefusedWithErrno_IsRemembered(int errno)
    {
        var failingOnce = new FailingOnceSource(LinuxNetlinkReader.ToException(errno));
        var source = new LinuxListenerSource(failingOnce, new LinuxProcNetListenerSource());
        var query = new ListenerQuery { ResolveProcesses = false };

        _ = source.GetListeners(query);
        ListenerSnapshot second = source.GetListeners(query);

        Assert.Equal("linux-procfs", source.Name);
        Assert.Equal("linux-procfs", second.ReaderName);
        Assert.Contains(second.Warnings, w => w.Contains("was refused", StringComparison.Ordinal));
        Assert.Equal(1, failingOnce.Calls);
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

    /// <summary>Throws the given exception on the first call, then lists with real netlink.</summary>
    private sealed class FailingOnceSource(Exception first) : IListenerSource
    {
        private readonly LinuxNetlinkListenerSource _netlink = new();

        public int Calls { get; private set; }

        public string Name => _netlink.Name;

        public ListenerSnapshot GetListeners(ListenerQuery? query = null) =>
            ++Calls == 1 ? throw first : _netlink.GetListeners(query);
    }
}
