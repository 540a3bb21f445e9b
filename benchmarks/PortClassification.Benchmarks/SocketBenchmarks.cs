using System.Diagnostics;
using System.Globalization;
using System.Net.NetworkInformation;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// Listing every socket on a loaded Linux host: 10,000 listeners and 15,000 established loopback connections (30,000
/// established sockets, both ends), 40,000 sockets in all, opened by python3 children (one process may hold at most
/// 20,000 descriptors here). Compare the Ratio column against the BCL's GetActiveTcpConnections, which knows no owners;
/// <c>ss -Htanp</c> is timed in the same run.
/// </summary>
[MemoryDiagnoser]
[SupportedOSPlatform("linux")]
public class SocketBenchmarks
{
    private const int ListenerCount = 10_000;
    private const int PairsPerChild = 5_000;
    private const int PairChildren = 3;

    private readonly List<Process> _children = [];
    private readonly SocketQuery _withoutOwners = new() { ResolveProcesses = false };
    private readonly ListenerQuery _listenersWithoutOwners = new() { ResolveProcesses = false };
    private PortNumber _findPort;

    [GlobalSetup]
    public void Setup()
    {
        StartChild("listen", ListenerCount);
        for (int i = 0; i < PairChildren; i++)
        {
            _findPort = new PortNumber(StartChild("pairs", PairsPerChild));
        }

        // A port with exactly one established connection on it: a client port of the last child.
        SocketSnapshot toServer = Sockets.Find(_findPort);
        SocketEntry client = toServer.First(s => s.RemotePort == _findPort);
        _findPort = client.LocalPort;
        ReportCounts();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (Process child in _children)
        {
            child.StandardInput.Close(); // the child resets its connections and exits
            if (!child.WaitForExit(60_000))
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
            }

            child.Dispose();
        }

        _children.Clear();
    }

    [Benchmark(Baseline = true, Description = "BCL GetActiveTcpConnections (no owners)")]
    public int Bcl() => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections().Length;

    [Benchmark(Description = "Sockets.Default.GetSockets() + owners")]
    public int WithOwners() => Sockets.Default.GetSockets().Count;

    [Benchmark(Description = "GetSockets, no owners")]
    public int WithoutOwners() => Sockets.Default.GetSockets(_withoutOwners).Count;

    [Benchmark(Description = "BCL GetActiveTcpListeners (no owners)")]
    public int BclListeners() => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Length;

    [Benchmark(Description = "Listeners.Default.GetListeners, no owners")]
    public int ListenersWithoutOwners() => Listeners.Default.GetListeners(_listenersWithoutOwners).Count;

    [Benchmark(Description = "Sockets.Find(one port)")]
    public int Find() => Sockets.Find(_findPort).Count;

    [Benchmark(Description = "EphemeralPortUsage.Read()")]
    public double Ephemeral() => EphemeralPortUsage.Read().Percent;

    [Benchmark(Description = "ss -Htanp (process)")]
    public int SsTanp()
    {
        using var ss = Process.Start(new ProcessStartInfo("/usr/bin/ss", "-Htanp") { RedirectStandardOutput = true, UseShellExecute = false })!;
        int lines = 0;
        while (ss.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        ss.WaitForExit();
        return lines;
    }

    /// <summary>Starts a child holding <paramref name="count"/> listeners, or a server with <paramref name="count"/> accepted pairs; returns its last port.</summary>
    private int StartChild(string mode, int count)
    {
        const string script = """
            import resource, socket, sys
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            mode, count = sys.argv[1], int(sys.argv[2])
            held = []
            if mode == 'listen':
                for i in range(count):
                    s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); held.append(s)
                port = held[-1].getsockname()[1]
            else:
                server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(4096); held.append(server)
                port = server.getsockname()[1]
                for i in range(count):
                    c = socket.socket(); c.connect(('127.0.0.1', port)); held.append(c); held.append(server.accept()[0])
            print(port, flush=True)
            sys.stdin.read()
            # Reset rather than close, so that no TIME_WAIT is left to load the next benchmark.
            import struct
            for s in held: s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            """;
        var child = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", script, mode, count.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _children.Add(child);
        return int.Parse(child.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
    }

    private static void ReportCounts()
    {
        SocketSnapshot all = Sockets.Default.GetSockets(new SocketQuery { Transport = Transport.Tcp });
        int owned = all.Count(s => s.ProcessId is not null);
        string states = string.Join(", ", all.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine($"// ours ({all.ReaderName}): {all.Count} TCP sockets ({states}), {owned} with owner");
        Console.WriteLine($"// BCL GetActiveTcpConnections: {IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections().Length}, GetActiveTcpListeners: {IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Length}");
        using var ss = Process.Start(new ProcessStartInfo("/usr/bin/ss", "-Htan") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var counts = new Dictionary<string, int>();
        while (ss.StandardOutput.ReadLine() is { } line)
        {
            string state = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }

        ss.WaitForExit();
        Console.WriteLine($"// ss -Htan: {string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
    }
}
