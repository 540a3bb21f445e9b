using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PortClassification;

// Opens TCP and UDP listeners on 127.0.0.1 and ::1, lists listeners through the library's Windows
// source, and checks that its own sockets are there with the right transport, address, port and owner.
// Prints one PASS/FAIL line per check and a closing "N passed, N failed" line; exits 1 on any failure,
// 2 when not on Windows.
if (!OperatingSystem.IsWindows())
{
    Console.Error.WriteLine("This smoke test runs on Windows (or under Wine).");
    return 2;
}

var checks = new Checks();
bool wine = WindowsSmoke.IsWine(out string wineVersion);
int self = Environment.ProcessId;
string selfName = Process.GetCurrentProcess().ProcessName;
Console.WriteLine($"windows-smoke: pid {self} ({selfName}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{(wine ? $", Wine {wineVersion}" : "")}");

using Socket tcp4 = WindowsSmoke.Listen(IPAddress.Loopback);
using Socket tcp6 = WindowsSmoke.Listen(IPAddress.IPv6Loopback);
using Socket udp4 = WindowsSmoke.Bind(IPAddress.Loopback);
using Socket udp6 = WindowsSmoke.Bind(IPAddress.IPv6Loopback);
var mine = new (Transport Transport, Socket Socket)[] { (Transport.Tcp, tcp4), (Transport.Tcp, tcp6), (Transport.Udp, udp4), (Transport.Udp, udp6) };
foreach ((_, Socket socket) in mine)
{
    // Wine attributes a socket to a process only once that process has used the descriptor itself.
    _ = socket.Available;
}

var source = new WindowsIpHelperListenerSource();
var stopwatch = Stopwatch.StartNew();
ListenerSnapshot all = source.GetListeners();
double firstMs = stopwatch.Elapsed.TotalMilliseconds;
stopwatch.Restart();
ListenerSnapshot again = source.GetListeners();
Console.WriteLine($"windows-smoke: {all.Count} listeners in {firstMs:F1} ms (first call), {again.Count} in {stopwatch.Elapsed.TotalMilliseconds:F1} ms (second)");
foreach (string warning in all.Warnings)
{
    Console.WriteLine($"windows-smoke: warning: {warning}");
}

checks.That("snapshot names its source", all.ReaderName == "windows-iphelper", all.ReaderName);
checks.That("snapshot is complete", all.IsComplete, string.Join(" | ", all.Warnings));
foreach ((Transport transport, Socket socket) in mine)
{
    var endPoint = (IPEndPoint)socket.LocalEndPoint!;
    string label = $"{transport} {endPoint}";
    Listener[] found = [.. all.Where(l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint))];
    checks.That($"{label} is listed exactly once", found.Length == 1, $"found {found.Length}");
    if (found.Length != 1)
    {
        continue;
    }

    Listener listener = found[0];
    Console.WriteLine($"     found {listener.Transport} {listener.LocalEndPoint} pid {listener.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} name {listener.ProcessName ?? "-"}");
    checks.That($"{label} has the port as a PortNumber", listener.Port.Value == endPoint.Port, listener.Port.ToString());

    // Wine 8 reports IPv6 TCP rows with pid 0 whatever the owner, which the source reports as unknown (null);
    // real Windows owns every row.
    if (wine && transport == Transport.Tcp && endPoint.AddressFamily == AddressFamily.InterNetworkV6)
    {
        checks.That($"{label} owner is this process or, under Wine, unknown", listener.ProcessId is null || listener.ProcessId == self, $"pid {listener.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}");
    }
    else
    {
        checks.That($"{label} is owned by this process", listener.ProcessId == self, $"pid {listener.ProcessId}");
        checks.That($"{label} names this process", listener.ProcessName == selfName, listener.ProcessName ?? "(null)");
    }
}

// Filters pushed down to the tables (one table read) give the same answer as filtering afterwards.
var udp6EndPoint = (IPEndPoint)udp6.LocalEndPoint!;
ListenerSnapshot narrow = source.GetListeners(new ListenerQuery
{
    Transport = Transport.Udp,
    AddressFamily = AddressFamily.InterNetworkV6,
    Port = new PortNumber(udp6EndPoint.Port),
    ResolveProcesses = false,
});
checks.That("a UDP/IPv6/port query finds just that socket", narrow.Count == 1 && narrow[0].LocalEndPoint.Equals(udp6EndPoint), string.Join(", ", narrow));
checks.That("a query without process resolution names no process", narrow.All(l => l.ProcessName is null), string.Join(", ", narrow));

// A dual-mode IPv6 socket bound to an IPv4 address is an IPv4 listener: an IPv4-filtered query lists it
// exactly as the unfiltered one does (the IPv6 table holds it with an IPv4-mapped address).
using (var dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true })
{
    dual.Bind(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 0));
    dual.Listen();
    _ = dual.Available;
    int dualPort = ((IPEndPoint)dual.LocalEndPoint!).Port;
    var expected = new IPEndPoint(IPAddress.Loopback, dualPort);
    List<Listener> unfiltered = source.GetListeners(new ListenerQuery { ResolveProcesses = false }).Where(l => l.Port.Value == dualPort).ToList();
    ListenerSnapshot ipv4Only = source.GetListeners(new ListenerQuery { Transport = Transport.Tcp, AddressFamily = AddressFamily.InterNetwork, Port = new PortNumber(dualPort), ResolveProcesses = false });
    checks.That($"dual-mode Tcp {expected} is listed as IPv4", unfiltered.Count == 1 && unfiltered[0].LocalEndPoint.Equals(expected), string.Join(", ", unfiltered));
    checks.That($"an IPv4 query lists dual-mode Tcp {expected} like the unfiltered one", ipv4Only.Count == 1 && ipv4Only[0].LocalEndPoint.Equals(expected), string.Join(", ", ipv4Only));
}

// A closed listener disappears.
var tcp4EndPoint = (IPEndPoint)tcp4.LocalEndPoint!;
tcp4.Close();
ListenerSnapshot afterClose = source.GetListeners(new ListenerQuery { Transport = Transport.Tcp, Port = new PortNumber(tcp4EndPoint.Port) });
checks.That($"Tcp {tcp4EndPoint} is gone once closed", !afterClose.Any(l => l.LocalEndPoint.Equals(tcp4EndPoint)), string.Join(", ", afterClose));

// The socket table (TCP_TABLE_OWNER_PID_ALL): an established loopback connection, both ends, through Sockets.Default.
using (var server = WindowsSmoke.Listen(IPAddress.Loopback))
using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
{
    client.Connect(server.LocalEndPoint!);
    using Socket accepted = server.Accept();
    _ = client.Available;
    _ = accepted.Available;
    var clientEnd = (IPEndPoint)client.LocalEndPoint!;
    SocketSnapshot found = Sockets.Find(new PortNumber(clientEnd.Port));
    Console.WriteLine($"windows-smoke: Sockets.Find({clientEnd.Port}) from {found.ReaderName}: {string.Join(" | ", found)}");
    SocketEntry? outgoing = found.FirstOrDefault(e => e.LocalEndPoint.Equals(clientEnd));
    checks.That("the socket table comes from IP Helper", found.ReaderName == "windows-iphelper", found.ReaderName);
    checks.That($"outgoing Tcp {clientEnd} is Established", outgoing?.State == SocketState.Established, outgoing?.ToString() ?? "(missing)");
    checks.That($"outgoing Tcp {clientEnd} has the server as its remote end", server.LocalEndPoint!.Equals(outgoing?.RemoteEndPoint), outgoing?.ToString() ?? "(missing)");
    checks.That($"outgoing Tcp {clientEnd} is owned by this process", outgoing?.ProcessId == self, outgoing?.ToString() ?? "(missing)");
    checks.That($"the accepted side of {clientEnd} is listed too", found.Any(e => e.State == SocketState.Established && clientEnd.Equals(e.RemoteEndPoint)), string.Join(" | ", found));
}

WindowsSmoke.CheckDefaultSource(checks, tcp6, udp4);
WindowsSmoke.CheckHostPortSettings(checks);
AllocatorSmoke.Check(checks);
FirewallSmoke.Check(checks, wine);
DiagnosticsSmoke.Check(checks);

Console.WriteLine($"windows-smoke: {checks.Passed} passed, {checks.Failed} failed");
return checks.Failed == 0 ? 0 : 1;

internal sealed class Checks
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void That(string what, bool ok, string detail)
    {
        if (ok)
        {
            Passed++;
            Console.WriteLine($"PASS {what}");
        }
        else
        {
            Failed++;
            Console.WriteLine($"FAIL {what}: {detail}");
        }
    }
}

internal static class WindowsSmoke
{
    public static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen();
        return socket;
    }

    public static Socket Bind(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    public static bool IsWine(out string version)
    {
        version = "";
        if (NativeLibrary.TryLoad("ntdll.dll", out IntPtr ntdll) && NativeLibrary.TryGetExport(ntdll, "wine_get_version", out IntPtr export))
        {
            unsafe
            {
                version = Marshal.PtrToStringAnsi(((delegate* unmanaged<IntPtr>)export)()) ?? "";
            }

            return true;
        }

        return false;
    }

    /// <summary>Checks that <see cref="Listeners.Default"/> picks the IP Helper source and that <see cref="Listeners.Find"/> sees a port.</summary>
    public static void CheckDefaultSource(Checks checks, Socket tcp6, Socket udp4)
    {
        ListenerSnapshot snapshot = Listeners.Default.GetListeners();
        checks.That("Listeners.Default is the IP Helper source", snapshot.ReaderName == "windows-iphelper", snapshot.ReaderName);
        foreach ((Transport transport, Socket socket) in new[] { (Transport.Tcp, tcp6), (Transport.Udp, udp4) })
        {
            var endPoint = (IPEndPoint)socket.LocalEndPoint!;
            checks.That($"Listeners.Default lists {transport} {endPoint}", snapshot.Any(l => l.Transport == transport && l.LocalEndPoint.Equals(endPoint)), snapshot.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ListenerSnapshot found = Listeners.Find(new PortNumber(endPoint.Port));
            checks.That($"Listeners.Find({endPoint.Port}) finds only that port", found.Count > 0 && found.All(l => l.LocalEndPoint.Port == endPoint.Port), found.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Runs the Windows <see cref="HostPortSettings"/> path (netsh by absolute path). Wine's netsh may not implement
    /// these commands: then every value must be the documented default, with a reason, never an exception.
    /// </summary>
    public static void CheckHostPortSettings(Checks checks)
    {
        HostPortSettings host = HostPortSettings.Read();
        foreach (HostSettingProvenance source in host.Provenance)
        {
            Console.WriteLine($"     host: {source}");
        }

        checks.That("HostPortSettings: no privileged ports on Windows", host.UnprivilegedPortStart.Value == 0, host.UnprivilegedPortStart.ToString());
        checks.That("HostPortSettings: every value has a source", host.Provenance.Count > 0, "no sources");
        checks.That(
            "HostPortSettings: each value is read from netsh, fixed, or a default that says why",
            host.Provenance.All(s => s.Origin is HostSettingOrigin.Command or HostSettingOrigin.Fixed
                || (s.Origin == HostSettingOrigin.Default && s.Fallback != HostSettingFallback.None && !string.IsNullOrWhiteSpace(s.Reason))),
            string.Join("; ", host.Provenance));
        foreach (Transport transport in new[] { Transport.Tcp, Transport.Udp })
        {
            PortInterval range = host.EphemeralRange(transport);
            bool fromNetsh = host.Provenance.Any(s => s.Setting == HostSetting.EphemeralRange && s.Transport == transport && s.Origin == HostSettingOrigin.Command);
            checks.That(
                $"HostPortSettings: {transport} ephemeral range {range} is netsh's or the documented default 49152-65535",
                fromNetsh || range == PortInterval.FromRange(PortRange.Dynamic),
                range.ToString());
            IReadOnlyList<PortInterval> reserved = host.Reserved(transport);
            checks.That($"HostPortSettings: {transport} exclusions sorted and disjoint", reserved.Zip(reserved.Skip(1)).All(p => p.First.Last < p.Second.First), string.Join(",", reserved));
        }

        // One shared 5-second deadline for the six runs (it was up to twice that), then a 5-second cache.
        var clock = Stopwatch.StartNew();
        HostPortSettings current = HostPortSettings.Current;
        TimeSpan elapsed = clock.Elapsed;
        checks.That("HostPortSettings.Current returns within the 5-second netsh deadline", elapsed < TimeSpan.FromSeconds(8), $"{elapsed.TotalSeconds:0.0} s");
        checks.That("HostPortSettings: seven sources (four ranges, two exclusion lists, the privileged start)", current.Provenance.Count == 7, current.Provenance.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        checks.That("HostPortSettings.Current is cached", ReferenceEquals(current, HostPortSettings.Current), "a new instance");
        checks.That("HostPortSettings.Read bypasses the cache", !ReferenceEquals(current, HostPortSettings.Read()), "the cached instance");
        checks.That("HostPortSettings.Reserved is not a writable array", current.Reserved(Transport.Tcp) is not PortInterval[], current.Reserved(Transport.Tcp).GetType().Name);
    }
}
