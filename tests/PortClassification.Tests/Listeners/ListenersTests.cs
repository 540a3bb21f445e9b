using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners;

public sealed class ListenersTests
{
    private static IListenerSource Default => global::PortClassification.Listeners.Default;

    [LinuxFact]
    public void Default_OnLinux_IsNetlink()
    {
        Assert.Equal("linux-netlink", Default.Name);
        Assert.Equal("linux-netlink", Default.GetListeners(new ListenerQuery { ResolveProcesses = false }).ReaderName);
    }

    [LinuxFact]
    public void Find_ChildListener_ReturnsItsOwner()
    {
        using ChildProcess child = ChildProcess.PythonListener("tcp", out int port);

        ListenerSnapshot found = global::PortClassification.Listeners.Find(new PortNumber(port));

        Listener listener = Assert.Single(found);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), listener.LocalEndPoint);
        Assert.Equal(child.Id, listener.ProcessId);
        Assert.Equal("python3", listener.ProcessName);
    }

    [LinuxFact]
    public void Find_IPv4MappedChildListener_ReturnsItAsIPv4()
    {
        using ChildProcess child = ChildProcess.Python(
            "import socket,sys; s=socket.socket(socket.AF_INET6, socket.SOCK_STREAM); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); " +
            "s.bind(('::ffff:127.0.0.1', 0)); s.listen(); print(s.getsockname()[1], flush=True); sys.stdin.read()",
            out int port);

        ListenerSnapshot found = global::PortClassification.Listeners.Find(new PortNumber(port));
        ListenerSnapshot v4 = Default.GetListeners(new ListenerQuery { Transport = Transport.Tcp, AddressFamily = AddressFamily.InterNetwork, Port = new PortNumber(port) });

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), Assert.Single(found).LocalEndPoint);
        Assert.Equal(child.Id, Assert.Single(v4).ProcessId);
    }

    [Fact]
    public void Find_UnusedPort_ReturnsNothing()
    {
        int port;
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)s.LocalEndPoint!).Port; // bound, never listening: not a TCP listener
        }

        Assert.DoesNotContain(global::PortClassification.Listeners.Find(new PortNumber(port)), l => l.Transport == Transport.Tcp);
    }

    /// <summary>
    /// Runs this test assembly as a probe process under uid/gid 65534 (nobody) when the tests run as root, as CI does:
    /// it must still see our root-owned listener, with an unknown owner, and its own listener with its own pid.
    /// </summary>
    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Default_Unprivileged_ListsEverySocketWithForeignOwnersUnknown()
    {
        using var sockets = new LoopbackSockets();
        IPEndPoint ours = sockets.TcpListener(AddressFamily.InterNetwork);
        bool root = Environment.UserName == "root" || File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal);

        (int exitCode, string output, string errors) = RunProbe(root);

        Assert.True(exitCode == 0, $"The probe failed ({exitCode}): {errors}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] self = lines.Single(l => l.StartsWith("self ", StringComparison.Ordinal)).Split(' ');
        string probePid = self[1], probePort = self[2];
        Assert.Contains($"listener tcp 127.0.0.1:{probePort} {probePid} dotnet", lines);
        Assert.Contains($"found 127.0.0.1:{probePort} {probePid}", lines);
        string ourLine = Assert.Single(lines, l => l.StartsWith($"listener tcp {ours} ", StringComparison.Ordinal));
        Assert.EndsWith(root ? " - -" : $" {Environment.ProcessId} {LiveListeners.OwnName}", ourLine);
        Assert.StartsWith("source linux-netlink True", lines.Single(l => l.StartsWith("source ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Sockets and short-lived processes come and go while 1,000 listings run: no exception, stable listeners every
    /// time. Some batches of churning sockets are held open until a listing that started after they opened has
    /// finished, so at least one listing is certain to see churn, however slow the machine.
    /// </summary>
    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Default_Churn_StableListenersAlwaysPresent()
    {
        using var stable = new LoopbackSockets();
        IPEndPoint tcp = stable.TcpListener(AddressFamily.InterNetwork);
        IPEndPoint udp = stable.UdpBound(AddressFamily.InterNetworkV6);
        // The first, cold search finds the owners before any forked child holds copies of our descriptors.
        LiveListeners.AssertOwned(Default.GetListeners(), Transport.Tcp, tcp, Environment.ProcessId, LiveListeners.OwnName);
        using var stop = new CancellationTokenSource();
        var listings = new ListingClock();
        int sawHeldBatch = 0;
        using var started = new CountdownEvent(2);
        Task sockets = Task.Run(() => ChurnSockets(started, listings, stop.Token));
        Task processes = Task.Run(() => ChurnProcesses(started, stop.Token));
        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "The churn did not start.");
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                (Transport Transport, IPEndPoint EndPoint)[]? held = listings.Start();
                ListenerSnapshot snapshot = Default.GetListeners();
                listings.Complete();
                sawHeldBatch += held is not null && held.All(h => snapshot.Any(l => l.Transport == h.Transport && l.LocalEndPoint.Equals(h.EndPoint))) ? 1 : 0;
                LiveListeners.AssertOwned(snapshot, Transport.Tcp, tcp, Environment.ProcessId, LiveListeners.OwnName);
                LiveListeners.AssertOwned(snapshot, Transport.Udp, udp, Environment.ProcessId, LiveListeners.OwnName);
            }
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(sockets, processes);
        }

        Assert.True(sawHeldBatch > 0, "No listing saw every socket of a batch held open across it.");
    }

    /// <summary>
    /// Opens 16 sockets, closes them, and again. Most batches live about a millisecond: a listing that sees them
    /// often finds them gone by the time it looks for their owners, which forces a full /proc walk. Every fourth
    /// batch, the first included, stays open until a listing that started after it opened has completed.
    /// </summary>
    private static void ChurnSockets(CountdownEvent started, ListingClock listings, CancellationToken stop)
    {
        for (int batch = 0; !stop.IsCancellationRequested; batch++)
        {
            using var s = new LoopbackSockets();
            for (int i = 0; i < 8; i++)
            {
                _ = s.TcpListener(i % 2 == 0 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6);
                _ = s.UdpBound(AddressFamily.InterNetwork);
            }

            if (batch == 0)
            {
                started.Signal();
            }

            if (batch % 4 == 0)
            {
                listings.HoldUntilNextListingCompletes([.. s.All.Select(a => (a.Transport, (IPEndPoint)a.Socket.LocalEndPoint!))], stop);
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Counts listings started and completed, so a churning batch can outlive one whole listing.</summary>
    private sealed class ListingClock
    {
        private long _started;
        private long _completed;
        private (Transport Transport, IPEndPoint EndPoint)[]? _held;

        /// <summary>Marks a listing as starting; returns the batch held open across it, if any.</summary>
        public (Transport Transport, IPEndPoint EndPoint)[]? Start()
        {
            Interlocked.Increment(ref _started);
            return Volatile.Read(ref _held);
        }

        public void Complete() => Interlocked.Increment(ref _completed);

        /// <summary>
        /// Publishes a batch of open sockets, then blocks until a listing that started after this call has
        /// completed (or <paramref name="stop"/>): that listing ran entirely while the batch was open.
        /// </summary>
        public void HoldUntilNextListingCompletes((Transport, IPEndPoint)[] batch, CancellationToken stop)
        {
            // A full fence: the batch is visible to every listing that starts after _started is read.
            Interlocked.Exchange(ref _held, batch);
            long before = Interlocked.Read(ref _started);
            while (Interlocked.Read(ref _completed) <= before && !stop.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }

            Volatile.Write(ref _held, null);
        }
    }

    private static void ChurnProcesses(CountdownEvent started, CancellationToken stop)
    {
        bool first = true;
        while (!stop.IsCancellationRequested)
        {
            using var p = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
            if (first)
            {
                started.Signal();
                first = false;
            }

            p.WaitForExit();
            Thread.Sleep(5);
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static (int ExitCode, string Output, string Errors) RunProbe(bool asNobody)
    {
        // nobody may not be able to read the checkout (CI clones under /root), so run a world-readable copy of this output directory.
        DirectoryInfo copy = Directory.CreateTempSubdirectory("portclassification-probe-");
        try
        {
            copy.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            TestOutput.CopyWithoutFixtures(AppContext.BaseDirectory, copy.FullName);
            return RunProbe(asNobody, Path.Combine(copy.FullName, Path.GetFileName(typeof(Program).Assembly.Location)));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Output, string Errors) RunProbe(bool asNobody, string assembly)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(asNobody ? "/usr/bin/setpriv" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asNobody)
        {
            foreach (string a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", dotnet])
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(Program.ListenerProbe);
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process probe = Process.Start(start)!;
        Task<string> errors = probe.StandardError.ReadToEndAsync();
        string output = probe.StandardOutput.ReadToEnd();
        if (!probe.WaitForExit(60_000))
        {
            probe.Kill();
            throw new TimeoutException("The listener probe did not finish within 60 s.");
        }

        return (probe.ExitCode, output, errors.Result);
    }
}
