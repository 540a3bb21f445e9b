using System.Net;
using System.Net.Sockets;
using PortClassification.Internal;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxSocketOwnersTests
{
    [LinuxFact]
    public void Resolve_SecondCall_ConfirmsRememberedOwners()
    {
        using var sockets = new LoopbackSockets();
        IPEndPoint endPoint = sockets.TcpListener(AddressFamily.InterNetwork);
        LinuxSocketRecord[] records = Records(endPoint);
        var owners = new LinuxSocketOwners();

        for (int call = 0; call < 2; call++)
        {
            int[] pids = new int[1];
            string?[] names = new string?[1];
            int denied = owners.Resolve(records, pids, names);

            Assert.Equal(Environment.ProcessId, pids[0]);
            Assert.Equal(LiveListeners.OwnName, names[0]);
            Assert.Equal(0, denied);
        }
    }

    /// <summary>
    /// A search after confirmed hints skips the links that confirmed them, but still reads the rest of the same
    /// table: a socket opened since the first call, in the process that holds the confirmed ones, is found too.
    /// </summary>
    [LinuxFact]
    public void Resolve_NewSocketBesideConfirmedOnes_IsFoundInTheSameProcess()
    {
        using var sockets = new LoopbackSockets();
        LinuxSocketRecord first = Records(sockets.TcpListener(AddressFamily.InterNetwork))[0];
        var owners = new LinuxSocketOwners();
        int[] once = new int[1];
        owners.Resolve([first], once, new string?[1]);
        Assert.Equal(Environment.ProcessId, once[0]);
        LinuxSocketRecord second = Records(sockets.TcpListener(AddressFamily.InterNetwork))[0];
        LinuxSocketRecord third = Records(sockets.UdpBound(AddressFamily.InterNetwork), Transport.Udp)[0];

        int[] pids = new int[3];
        string?[] names = new string?[3];
        owners.Resolve([first, second, third], pids, names);

        Assert.Equal([Environment.ProcessId, Environment.ProcessId, Environment.ProcessId], pids);
        Assert.All(names, n => Assert.Equal(LiveListeners.OwnName, n));
    }

    [LinuxFact]
    public void Resolve_OwnerExited_ReportsUnknown()
    {
        LinuxSocketRecord[] records;
        var owners = new LinuxSocketOwners();
        using (ChildProcess child = ChildProcess.PythonListener("udp", out int port))
        {
            records = Records(new IPEndPoint(IPAddress.Loopback, port), Transport.Udp);
            int[] found = new int[1];
            owners.Resolve(records, found, new string?[1]);
            Assert.Equal(child.Id, found[0]);
        }

        int[] pids = new int[1];
        string?[] names = new string?[1];
        owners.Resolve(records, pids, names);

        Assert.Equal(0, pids[0]);
        Assert.Null(names[0]);
    }

    [LinuxFact]
    public void Resolve_NoProcfs_ReportsUnknown()
    {
        using var sockets = new LoopbackSockets();
        LinuxSocketRecord[] records = Records(sockets.TcpListener(AddressFamily.InterNetwork));
        int[] pids = [-1];

        int denied = new LinuxSocketOwners("/nonexistent-proc").Resolve(records, pids, new string?[1]);

        Assert.Equal(0, pids[0]);
        Assert.Equal(0, denied);
    }

    private static LinuxSocketRecord[] Records(IPEndPoint endPoint, Transport transport = Transport.Tcp)
    {
        ListenerSnapshot listed = new LinuxNetlinkListenerSource().GetListeners(
            new ListenerQuery { Transport = transport, Port = new PortNumber(endPoint.Port), ResolveProcesses = false });
        Listener listener = Assert.Single(listed, l => l.LocalEndPoint.Equals(endPoint));
        return [new LinuxSocketRecord(transport, endPoint, (uint)listener.UserId!.Value, listener.SocketInode!.Value)];
    }
}
