using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortClassification.Tests.Support;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is turned off in the csproj). The test runner never
/// calls it; tests start it with <c>dotnet exec PortClassification.Tests.dll listener-probe</c> to look at listeners
/// from another process, for example under another uid.
/// </summary>
internal static class Program
{
    internal const string ListenerProbe = "listener-probe";

    internal const string BindDiagnosis = "bind-diagnosis";

    /// <summary>
    /// <c>listener-probe</c>: opens its own TCP listener on 127.0.0.1, lists every listener with <see cref="Listeners.Default"/>,
    /// and prints <c>self &lt;pid&gt; &lt;port&gt;</c>, one <c>listener &lt;tcp|udp&gt; &lt;endpoint&gt; &lt;pid|-&gt; &lt;name|-&gt;</c>
    /// line per listener, then <c>source &lt;name&gt; &lt;complete&gt; &lt;warnings&gt;</c>; exit code 0, or 1 with the exception.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == BindDiagnosis)
        {
            return DiagnoseBind(IPEndPoint.Parse(args[1] + ":" + args[2]), args[3] == "udp" ? Transport.Udp : Transport.Tcp);
        }

        if (args is ["nft-capture", string input, string output] && OperatingSystem.IsLinux())
        {
            return global::PortClassification.Tests.Firewall.NftCapture.CaptureToFile(input, output);
        }

        if (args.Length == 0 || args[0] != ListenerProbe)
        {
            return 2;
        }

        try
        {
            using var own = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            own.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            own.Listen();
            var writer = Console.Out;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"self {Environment.ProcessId} {((IPEndPoint)own.LocalEndPoint!).Port}"));
            ListenerSnapshot snapshot = global::PortClassification.Listeners.Default.GetListeners();
            foreach (Listener l in snapshot)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"listener {(l.Transport == Transport.Tcp ? "tcp" : "udp")} {l.LocalEndPoint} {l.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-"} {l.ProcessName ?? "-"}"));
            }

            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"source {snapshot.ReaderName} {snapshot.IsComplete} {snapshot.Warnings.Count}"));
            ListenerSnapshot found = global::PortClassification.Listeners.Find(new PortNumber(((IPEndPoint)own.LocalEndPoint!).Port));
            foreach (Listener l in found)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"found {l.LocalEndPoint} {l.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
            }

            return 0;
        }
#pragma warning disable CA1031 // the probe reports every failure to the test that started it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>
    /// <c>bind-diagnosis &lt;address&gt; &lt;port&gt; &lt;tcp|udp&gt;</c>: prints <c>diagnose &lt;canBind&gt; &lt;kinds&gt;</c> for
    /// <see cref="PortDiagnostics.DiagnoseBind(IPEndPoint, Transport, ISocketSource)"/>, then, when a plain bind of its own fails,
    /// <c>explain &lt;kinds&gt;</c> for <see cref="PortDiagnostics.Explain(SocketException, IPEndPoint, Transport, ISocketSource)"/>
    /// on that exception, then <c>summary &lt;text&gt;</c>; kinds are comma-separated.
    /// </summary>
    private static int DiagnoseBind(IPEndPoint endPoint, Transport transport)
    {
        BindReport report = PortDiagnostics.DiagnoseBind(endPoint, transport);
        Console.Out.WriteLine($"diagnose {report.CanBind} {string.Join(',', report.Findings.Select(f => f.Kind))}");
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, transport == Transport.Udp ? SocketType.Dgram : SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(endPoint);
        }
        catch (SocketException e)
        {
            BindReport explained = PortDiagnostics.Explain(e, endPoint, transport);
            Console.Out.WriteLine($"explain {string.Join(',', explained.Findings.Select(f => f.Kind))}");
        }

        Console.Out.WriteLine($"summary {report.Summary}");
        return 0;
    }
}
