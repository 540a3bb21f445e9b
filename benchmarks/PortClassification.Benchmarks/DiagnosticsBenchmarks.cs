using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// What "why can't I bind it?" costs: <see cref="PortDiagnostics.DiagnoseBind"/> on a free port (one bind test plus
/// the host settings) and on a port held by a listener (two bind tests, a port-filtered socket-table dump and the
/// owner's process), against the bind-and-close a user would write to test a port (the baseline).
/// </summary>
[MemoryDiagnoser]
public class DiagnosticsBenchmarks
{
    private Socket? _listener;
    private IPEndPoint _free = null!;
    private IPEndPoint _held = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _held = (IPEndPoint)_listener.LocalEndPoint!;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _free = (IPEndPoint)probe.LocalEndPoint!;
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    [Benchmark(Baseline = true)]
    public bool BindAndClose()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(_free);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Benchmark]
    public bool DiagnoseFreePort() => PortDiagnostics.DiagnoseBind(_free).CanBind;

    [Benchmark]
    public int DiagnoseHeldPort() => PortDiagnostics.DiagnoseBind(_held).Findings[0].Sockets.Count;
}
