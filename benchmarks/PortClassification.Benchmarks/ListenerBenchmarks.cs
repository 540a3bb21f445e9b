using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// Listing TCP listeners on a loaded Linux host: 10,000 listening sockets and 5,000 established loopback
/// connections, all opened by the benchmark itself (the accepting ends live in a python3 child process, because one
/// process may hold at most RLIMIT_NOFILE descriptors). Compare the Ratio column against the BCL, which knows no owners.
/// </summary>
[MemoryDiagnoser]
[SupportedOSPlatform("linux")]
public class ListenerBenchmarks
{
    private const int ListenerCount = 10_000;
    private const int ConnectionCount = 5_000;

    private readonly List<Socket> _sockets = [];
    private readonly ListenerQuery _tcpWithoutOwners = new() { Transport = Transport.Tcp, ResolveProcesses = false };
    private readonly ListenerQuery _tcpWithOwners = new() { Transport = Transport.Tcp };
    private LinuxNetlinkListenerSource _netlink = null!;
    private Process? _acceptor;
    private PortNumber _findPort;

    [GlobalSetup]
    public unsafe void Setup()
    {
        RaiseDescriptorLimit();
        for (int i = 0; i < ListenerCount; i++)
        {
            // 90 % IPv4, 10 % IPv6 (v6-only), like a host running many services.
            bool v6 = i % 10 == 9;
            var s = new Socket(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (v6)
            {
                s.DualMode = false;
            }

            s.Bind(new IPEndPoint(v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            s.Listen(1);
            _sockets.Add(s);
        }

        _findPort = new PortNumber(((IPEndPoint)_sockets[ListenerCount / 2].LocalEndPoint!).Port);
        int acceptPort = StartAcceptor();
        for (int i = 0; i < ConnectionCount; i++)
        {
            var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            c.Connect(new IPEndPoint(IPAddress.Loopback, acceptPort));
            _sockets.Add(c);
        }

        _acceptor!.StandardInput.WriteLine("count");
        string? accepted = _acceptor.StandardOutput.ReadLine();
        _netlink = new LinuxNetlinkListenerSource(new LinuxSocketOwners());
        ReportCounts(accepted);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Socket s in _sockets)
        {
            s.Dispose();
        }

        _sockets.Clear();
        if (_acceptor is not null)
        {
            _acceptor.Kill(entireProcessTree: true);
            _acceptor.WaitForExit();
            _acceptor.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "BCL GetActiveTcpListeners (no owners)")]
    public int Bcl() => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Length;

    [Benchmark(Description = "netlink, no owners")]
    public int NetlinkWithoutOwners() => _netlink.GetListeners(_tcpWithoutOwners).Count;

    [Benchmark(Description = "netlink + owners (repeated call)")]
    public int NetlinkWithOwners() => _netlink.GetListeners(_tcpWithOwners).Count;

    [Benchmark(Description = "netlink + owners (cold: full /proc scan)")]
    public int NetlinkWithOwnersCold() => new LinuxNetlinkListenerSource(new LinuxSocketOwners()).GetListeners(_tcpWithOwners).Count;

    [Benchmark(Description = "Listeners.Find(one port)")]
    public int FindOnePort() => Listeners.Find(_findPort).Count;

    [Benchmark(Description = "ss -Hltnp (process)")]
    public int SsLtnp()
    {
        using var ss = Process.Start(new ProcessStartInfo("/usr/bin/ss", "-Hltnp") { RedirectStandardOutput = true, UseShellExecute = false })!;
        int lines = 0;
        while (ss.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        ss.WaitForExit();
        return lines;
    }

    private static unsafe void RaiseDescriptorLimit()
    {
        ResourceLimits.RLimit limit;
        if (ResourceLimits.GetRLimit(ResourceLimits.NoFile, &limit) != 0)
        {
            throw new InvalidOperationException("getrlimit(RLIMIT_NOFILE) failed.");
        }

        limit.Current = limit.Maximum;
        if (ResourceLimits.SetRLimit(ResourceLimits.NoFile, &limit) != 0 || limit.Maximum < ListenerCount + ConnectionCount + 512)
        {
            throw new InvalidOperationException($"RLIMIT_NOFILE must allow {ListenerCount + ConnectionCount + 512} descriptors; the hard limit is {limit.Maximum}.");
        }
    }

    private int StartAcceptor()
    {
        const string script = """
            import resource, socket, sys, threading
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(4096)
            print(server.getsockname()[1], flush=True)
            held = []
            def accept():
                while True:
                    held.append(server.accept()[0])
            threading.Thread(target=accept, daemon=True).start()
            for line in sys.stdin:
                while len(held) < int(sys.argv[1]): pass
                print(len(held), flush=True)
            """;
        _acceptor = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", script, ConnectionCount.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        return int.Parse(_acceptor.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
    }

    private void ReportCounts(string? accepted)
    {
        ListenerSnapshot all = Listeners.Default.GetListeners();
        int tcp = all.Count(l => l.Transport == Transport.Tcp), udp = all.Count - tcp;
        int owned = all.Count(l => l.ProcessId is not null);
        int bcl = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Length;
        Console.WriteLine($"// load: {ListenerCount} listeners, {accepted} accepted connections");
        Console.WriteLine($"// ours ({all.ReaderName}): {tcp} TCP + {udp} UDP listeners, {owned} with owner; BCL TCP: {bcl}");
        Console.WriteLine($"// ss -Hltnup: {CountLines("-Hltn")} TCP + {CountLines("-Hlun")} UDP; with owner (users:): {CountLines("-Hltnup", "users:")}");
    }

    private static int CountLines(string arguments, string? mustContain = null)
    {
        using var ss = Process.Start(new ProcessStartInfo("/usr/bin/ss", arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        int lines = 0;
        while (ss.StandardOutput.ReadLine() is { } line)
        {
            lines += mustContain is null || line.Contains(mustContain, StringComparison.Ordinal) ? 1 : 0;
        }

        ss.WaitForExit();
        return lines;
    }
}
