using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.MacOS;

// The live tests below have not run: no macOS host was available. The decoder they rely on is covered byte-exact
// by LibprocDecoderTests on every OS.
public sealed class MacOSListenerSourceTests
{
    [NotOnPlatformFact("macos")]
    public void GetListeners_NotOnMacOS_ThrowsPlatformNotSupportedException()
    {
#pragma warning disable CA1416 // Deliberately called off macOS: the source must say so rather than fail to load libproc.
        var source = new MacOSListenerSource();
        Assert.Equal("macos-libproc", source.Name);
        Assert.Throws<PlatformNotSupportedException>(() => source.GetListeners());
#pragma warning restore CA1416
    }

    [OnlyOnPlatformFact("macos")]
    [SupportedOSPlatform("macos")]
    public void GetListeners_OwnLoopbackSockets_AreListedWithThisProcess()
    {
        using var sockets = LoopbackSockets.OneOfEach();

        // Not necessarily complete: without root, other users' processes cannot be inspected.
        ListenerSnapshot snapshot = new MacOSListenerSource().GetListeners();

        Assert.Equal("macos-libproc", snapshot.ReaderName);
        Assert.Equal(snapshot.IsComplete, snapshot.Warnings.Count == 0);
        string name = Process.GetCurrentProcess().ProcessName;
        foreach ((Transport transport, Socket socket) in sockets.All)
        {
            var endPoint = (IPEndPoint)socket.LocalEndPoint!;
            Listener listener = Assert.Single(snapshot, l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint));
            Assert.Equal(Environment.ProcessId, listener.ProcessId);
            Assert.StartsWith(listener.ProcessName!, name, StringComparison.Ordinal);
        }
    }

    [OnlyOnPlatformFact("macos")]
    [SupportedOSPlatform("macos")]
    public void GetListeners_PortQuery_ReturnsOnlyThatPort()
    {
        using var sockets = LoopbackSockets.OneOfEach();
        var endPoint = (IPEndPoint)sockets.All[0].Socket.LocalEndPoint!;

        ListenerSnapshot snapshot = new MacOSListenerSource().GetListeners(new ListenerQuery { Transport = Transport.Tcp, Port = new PortNumber(endPoint.Port) });

        Assert.Contains(snapshot, l => l.LocalEndPoint.Equals(endPoint));
        Assert.All(snapshot, l => Assert.Equal(endPoint.Port, l.LocalEndPoint.Port));
    }
}
