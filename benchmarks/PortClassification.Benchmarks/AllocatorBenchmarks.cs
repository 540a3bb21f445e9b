using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// One free port per call: <see cref="PortAllocator.Lease"/> + dispose (in-process bookkeeping, a
/// cross-process file claim, a strict bind test on 127.0.0.1, ::1, 0.0.0.0 and ::, and on Linux the guard
/// socket) against the idiom users write instead, <c>new TcpListener(IPAddress.Loopback, 0)</c> +
/// <c>Stop()</c>, and against a plain bind-test loop over the same candidates (random port, bind on
/// 127.0.0.1, close). Neither comparator remembers what it handed out or coordinates with other processes.
/// </summary>
[MemoryDiagnoser]
public class AllocatorBenchmarks
{
    private PortAllocator _allocator = null!;
    private PortAllocator _allocatorWithoutClaims = null!;
    private CandidatePolicy _policy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _allocator = new PortAllocator(new PortAllocatorOptions());
        _allocatorWithoutClaims = new PortAllocator(new PortAllocatorOptions(), policyFactory: null, crossProcessClaims: false);
        _policy = _allocator.GetPolicy(Transport.Tcp);
    }

    [Benchmark(Baseline = true)]
    public int TcpListenerPortZero()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Benchmark]
    public int BindTestLoop()
    {
        while (true)
        {
            PortNumber port = _policy[Random.Shared.Next(_policy.Count)];
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port.Value));
                return port.Value;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }

    [Benchmark]
    public int Lease()
    {
        using PortLease lease = _allocator.Lease();
        return lease.Port.Value;
    }

    [Benchmark]
    public int LeaseWithoutCrossProcessClaims()
    {
        using PortLease lease = _allocatorWithoutClaims.Lease();
        return lease.Port.Value;
    }
}
