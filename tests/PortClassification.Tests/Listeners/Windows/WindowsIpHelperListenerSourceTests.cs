using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Windows;

// Live behaviour on Windows is also checked under Wine by tests/PortClassification.WindowsSmoke (build/windows-smoke.sh).
public sealed class WindowsIpHelperListenerSourceTests
{
    [NotOnPlatformFact("windows")]
    public void GetListeners_NotOnWindows_ThrowsPlatformNotSupportedException()
    {
#pragma warning disable CA1416 // Deliberately called off Windows: the source must say so rather than fail to load iphlpapi.
        var source = new WindowsIpHelperListenerSource();
        Assert.Equal("windows-iphelper", source.Name);
        Assert.Throws<PlatformNotSupportedException>(() => source.GetListeners());
#pragma warning restore CA1416
    }

    [OnlyOnPlatformFact("windows")]
    [SupportedOSPlatform("windows")]
    public void GetListeners_OwnLoopbackSockets_AreListedWithThisProcess()
    {
        using var sockets = LoopbackSockets.OneOfEach();

        ListenerSnapshot snapshot = new WindowsIpHelperListenerSource().GetListeners();

        Assert.Equal("windows-iphelper", snapshot.Source);
        Assert.True(snapshot.IsComplete, string.Join(" ", snapshot.Warnings));
        string name = Process.GetCurrentProcess().ProcessName;
        foreach ((Transport transport, Socket socket) in sockets.All)
        {
            var endPoint = (IPEndPoint)socket.LocalEndPoint!;
            Listener listener = Assert.Single(snapshot, l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint));
            Assert.Equal(Environment.ProcessId, listener.ProcessId);
            Assert.Equal(name, listener.ProcessName);
        }
    }

    [OnlyOnPlatformFact("windows")]
    [SupportedOSPlatform("windows")]
    public void GetListeners_NarrowQuery_ReturnsOnlyMatches()
    {
        using var sockets = LoopbackSockets.OneOfEach();
        (Transport transport, Socket socket) = sockets.All[3]; // UDP on ::1
        var endPoint = (IPEndPoint)socket.LocalEndPoint!;

        ListenerSnapshot snapshot = new WindowsIpHelperListenerSource().GetListeners(new ListenerQuery
        {
            Transport = transport,
            AddressFamily = AddressFamily.InterNetworkV6,
            Port = new PortNumber(endPoint.Port),
            ResolveProcesses = false,
        });

        Listener listener = Assert.Single(snapshot);
        Assert.Equal(endPoint, listener.LocalEndPoint);
        Assert.Null(listener.ProcessName);
    }
}
