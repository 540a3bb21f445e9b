using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Diagnostics;

/// <summary>
/// Each finding Linux can show, made for real inside a private network namespace (root, as in CI): the diagnosis
/// names the exact kind and the owning process, and <see cref="PortDiagnostics.Explain"/> on the exception of a real
/// failed bind names the same kind. Ports are fixed: nothing else lives in a fresh namespace.
/// </summary>
[SupportedOSPlatform("linux")]
public class PortDiagnosticsLiveTests
{
    private const int Port = 8080;

    [NetworkNamespaceFact]
    public void Listener_HeldByListenerOwnedByThisProcess() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Socket listener = Plain(AddressFamily.InterNetwork);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        listener.Listen();

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.Loopback, Port));

        BindFinding finding = AssertFirst(report, explained, BindFindingKind.HeldByListener);
        SocketEntry socket = Assert.Single(finding.Sockets);
        Assert.Equal(SocketState.Listen, socket.State);
        Assert.Equal(Environment.ProcessId, socket.ProcessId);
        Assert.False(report.CanBindWithReuseAddress);
    });

    [NetworkNamespaceFact]
    public void BoundSocket_HeldByBoundSocketOwnedByThisProcess() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Socket bound = Plain(AddressFamily.InterNetwork);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, Port));

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.Any, Port));

        BindFinding finding = AssertFirst(report, explained, BindFindingKind.HeldByBoundSocket);
        SocketEntry socket = Assert.Single(finding.Sockets);
        Assert.Equal(SocketState.Bound, socket.State);
        Assert.Equal(Environment.ProcessId, socket.ProcessId);
    });

    [NetworkNamespaceFact]
    public void TimeWaitAfterActiveClose_ListenerWithoutReuseAddress_BlocksEvenReuseAddressBinds() => TimeWaitAfterActiveClose(listenerSetReuseAddress: false);

    [NetworkNamespaceFact]
    public void TimeWaitAfterActiveClose_ListenerWithReuseAddress_BlocksOnlyPlainBinds() => TimeWaitAfterActiveClose(listenerSetReuseAddress: true);

    private static void TimeWaitAfterActiveClose(bool listenerSetReuseAddress) => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        var at = new IPEndPoint(IPAddress.Loopback, Port);
        using (Socket listener = Plain(AddressFamily.InterNetwork))
        {
            if (listenerSetReuseAddress)
            {
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            listener.Bind(at);
            listener.Listen();
            using Socket client = Plain(AddressFamily.InterNetwork);
            client.Connect(at);
            using (Socket accepted = listener.Accept())
            {
                // The server closes first (the active close), so the TIME_WAIT remnant sits on the server's port.
                accepted.Close();
            }

            Assert.Equal(0, client.Receive(new byte[1]));
        }

        // The client's FIN moves the server's orphaned socket from FIN_WAIT2 to TIME_WAIT: wait for that event.
        var clock = Stopwatch.StartNew();
        while (PortClassification.Sockets.Default.GetSockets(new SocketQuery { LocalPort = new PortNumber(Port), States = [SocketState.TimeWait] }).Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "No TIME_WAIT socket appeared on the server's port.");
            Thread.Sleep(10);
        }

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.Any, Port));

        BindFinding finding = AssertFirst(report, explained, BindFindingKind.TimeWaitRemnants);
        Assert.Single(report.Findings);
        SocketEntry socket = Assert.Single(finding.Sockets);
        Assert.Equal(SocketState.TimeWait, socket.State);
        Assert.Null(socket.ProcessId);
        // A TIME_WAIT socket keeps the SO_REUSEADDR of the socket it came from (research/sockets.md §7.3).
        Assert.Equal(listenerSetReuseAddress, report.CanBindWithReuseAddress);
    });

    [NetworkNamespaceFact]
    public void DualStackWildcard_CoversIPv4Wildcard() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        using Socket dual = Plain(AddressFamily.InterNetworkV6);
        dual.DualMode = true;
        dual.Bind(new IPEndPoint(IPAddress.IPv6Any, Port));
        dual.Listen();

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.Any, Port));

        BindFinding finding = AssertFirst(report, explained, BindFindingKind.CoveredByWildcard);
        SocketEntry socket = Assert.Single(finding.Sockets);
        Assert.Equal(IPAddress.IPv6Any, socket.LocalEndPoint.Address);
        Assert.Equal(Environment.ProcessId, socket.ProcessId);
    });

    [NetworkNamespaceFact]
    public void AddressTheNamespaceLacks_AddressNotOnHostListsItsAddresses() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.Parse("10.99.0.1"), Port));

        BindFinding finding = AssertFirst(report, explained, BindFindingKind.AddressNotOnHost);
        Assert.Contains("it has 127.0.0.1, ::1.", finding.Summary, StringComparison.Ordinal);
    });

    [NetworkNamespaceFact]
    public void IPv6Disabled_AddressFamilyUnavailable() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        foreach (string device in (string[])["all", "default", "lo"])
        {
            NetworkNamespace.WriteSysctl($"ipv6/conf/{device}/disable_ipv6", "1");
        }

        (BindReport report, BindReport explained) = DiagnoseAndExplain(new IPEndPoint(IPAddress.IPv6Loopback, Port));

        AssertFirst(report, explained, BindFindingKind.AddressFamilyUnavailable);
        Assert.Equal(SocketError.AddressNotAvailable, report.Error);
    });

    [NetworkNamespaceFact]
    public void FreePortInsideEphemeralRange_BindsWithWarning() => NetworkNamespace.Run(() =>
    {
        NetworkNamespace.BringUpLoopback();
        NetworkNamespace.WriteSysctl("ipv4/ip_local_port_range", "40000 40999");
        NetworkNamespace.WriteSysctl("ipv4/ip_local_reserved_ports", "40500");

        BindReport ephemeral = PortDiagnostics.DiagnoseBind(new IPEndPoint(IPAddress.Loopback, 40100));
        BindReport reserved = PortDiagnostics.DiagnoseBind(new IPEndPoint(IPAddress.Loopback, 40500));

        Assert.True(ephemeral.CanBind);
        Assert.Equal(BindFindingKind.InsideEphemeralRange, Assert.Single(ephemeral.Findings).Kind);
        Assert.Contains("40000-40999", ephemeral.Findings[0].Summary, StringComparison.Ordinal);
        Assert.True(reserved.CanBind);
        Assert.Equal(BindFindingKind.ReservedPort, Assert.Single(reserved.Findings).Kind);
    });

    [NetworkNamespaceFact]
    public void AsNobody_PrivilegedPortAndRootsListenerWithHiddenOwner()
    {
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Fail("This test runs the diagnosis as the user nobody, which needs root and setpriv (util-linux).");
        }

        // nobody may not be able to read the checkout (CI clones under /root): run a world-readable copy of this output directory.
        DirectoryInfo copy = Directory.CreateTempSubdirectory("portclassification-diagnose-");
        try
        {
            copy.UnixFileMode = (UnixFileMode)0x1ED; // rwxr-xr-x
            TestOutput.CopyWithoutFixtures(AppContext.BaseDirectory, copy.FullName);
            string assembly = Path.Combine(copy.FullName, Path.GetFileName(typeof(PortDiagnosticsLiveTests).Assembly.Location));
            (string below, string at, string rootsListener) = NetworkNamespace.Run(() =>
            {
                NetworkNamespace.BringUpLoopback();
                NetworkNamespace.WriteSysctl("ipv4/ip_unprivileged_port_start", "2000");
                using Socket listener = Plain(AddressFamily.InterNetwork);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 3000));
                listener.Listen();
                return (RunAsNobody(assembly, "127.0.0.1", "1500"), RunAsNobody(assembly, "127.0.0.1", "2000"), RunAsNobody(assembly, "127.0.0.1", "3000"));
            });

            Assert.StartsWith("diagnose False PrivilegedPort\nexplain PrivilegedPort\nsummary 127.0.0.1:1500/tcp cannot be bound: port 1500 is below 2000, this host's first unprivileged port, and this process lacks CAP_NET_BIND_SERVICE.", below, StringComparison.Ordinal);
            Assert.StartsWith("diagnose True \nsummary 127.0.0.1:2000/tcp can be bound now.", at, StringComparison.Ordinal);

            // nobody may not inspect root's processes: the owner is named by uid and said to be hidden, never guessed.
            Assert.StartsWith("diagnose False HeldByListener\nexplain HeldByListener\nsummary 127.0.0.1:3000/tcp cannot be bound: a listener on 127.0.0.1:3000 (uid 0, process hidden from this user) holds the port.", rootsListener, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static Socket Plain(AddressFamily family) => new(family, SocketType.Stream, ProtocolType.Unspecified);

    /// <summary>Diagnoses, then makes a plain bind fail for real and explains its exception.</summary>
    private static (BindReport Report, BindReport Explained) DiagnoseAndExplain(IPEndPoint endPoint)
    {
        BindReport report = PortDiagnostics.DiagnoseBind(endPoint);
        using Socket socket = Plain(endPoint.AddressFamily);
        SocketException failure = Assert.Throws<SocketException>(() => socket.Bind(endPoint));
        Assert.Equal(report.Error, failure.SocketErrorCode);
        return (report, PortDiagnostics.Explain(failure, endPoint));
    }

    private static BindFinding AssertFirst(BindReport report, BindReport explained, BindFindingKind kind)
    {
        Assert.False(report.CanBind);
        BindFinding finding = report.Findings[0];
        Assert.Equal(kind, finding.Kind);
        Assert.True(finding.Blocks);
        Assert.Equal(kind, explained.Findings[0].Kind);
        Assert.Null(explained.CanBindWithReuseAddress);
        return finding;
    }

    private static string RunAsNobody(string assembly, string address, string port)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (string argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", dotnet, "exec", assembly, Program.BindDiagnosis, address, port, "tcp"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process child = Process.Start(start)!;
        Task<string> errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(120_000), "The diagnosis child did not finish within 120 s.");
        Assert.True(child.ExitCode == 0, $"The diagnosis child exited with {child.ExitCode}: {errors.Result}");
        return output.ReplaceLineEndings("\n");
    }
}
