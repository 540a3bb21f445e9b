using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

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

    /// <summary>
    /// The search looks first in processes whose uid owns a wanted socket; that order must never drop an owner. A
    /// root child creates a listener (socket uid 0), then becomes nobody and dumpable again, so its <c>/proc</c>
    /// directory says 65534: its socket is found among the "other uid" processes, with the child's pid. (Tests run as
    /// root here and in CI; without root the child cannot change uid and keeps ours, and the owner must still be found.)
    /// </summary>
    [LinuxFact]
    public void Resolve_OwnerChangedUidAfterCreatingTheSocket_IsStillFound()
    {
        const string script = """
            import ctypes, os, socket, sys
            s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
            if os.geteuid() == 0:
                os.setgid(65534); os.setuid(65534)
                ctypes.CDLL(None, use_errno=True).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc/<pid> belongs to 65534 again
            print(s.getsockname()[1], flush=True)
            sys.stdin.read()
            """;
        using ChildProcess child = ChildProcess.Python(script, out int port);
        LinuxSocketRecord[] records = Records(new IPEndPoint(IPAddress.Loopback, port));
        bool root = Environment.IsPrivilegedProcess;
        Assert.Equal(root ? 0u : records[0].UserId, records[0].UserId);
        if (root)
        {
            Assert.Equal(65534u, ProcessDirectoryOwner(child.Id));
        }

        int[] pids = new int[1];
        new LinuxSocketOwners().Resolve(records, pids, new string?[1]);

        Assert.Equal(child.Id, pids[0]);
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

    /// <summary>Gets the owner of <c>/proc/&lt;pid&gt;</c>, which the search compares with the socket's uid.</summary>
    private static uint ProcessDirectoryOwner(int pid)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", $"-c %u /proc/{pid}") { RedirectStandardOutput = true })!;
        string owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return uint.Parse(owner, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static LinuxSocketRecord[] Records(IPEndPoint endPoint, Transport transport = Transport.Tcp)
    {
        ListenerSnapshot listed = new LinuxNetlinkListenerSource().GetListeners(
            new ListenerQuery { Transport = transport, Port = new PortNumber(endPoint.Port), ResolveProcesses = false });
        Listener listener = Assert.Single(listed, l => l.LocalEndPoint.Equals(endPoint));
        return [new LinuxSocketRecord(transport, endPoint, (uint)listener.UserId!.Value, listener.SocketInode!.Value)];
    }
}
