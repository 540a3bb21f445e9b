using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests;

/// <summary>The built tool, run as its own process against sockets this test opens on loopback.</summary>
public class EndToEndTests
{
    private static readonly string ThisProcessName = OperatingSystem.IsLinux() ? File.ReadAllText("/proc/self/comm").Trim() : Process.GetCurrentProcess().ProcessName;

    [LinuxFact]
    public async Task Why_LoopbackListenerOfThisProcess_HeldByListenerNamingThisProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        ToolResult json = await BuiltTool.RunAsync("why", port, "--address", "127.0.0.1", "--json");
        ToolResult free = await BuiltTool.RunAsync("why", port, "--address", "127.0.0.2");

        Assert.Equal(1, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(json.Out);
        JsonElement finding = document.RootElement.GetProperty("findings")[0];
        Assert.Equal("held-by-listener", finding.GetProperty("kind").GetString());
        Assert.Equal(Environment.ProcessId, Assert.Single(finding.GetProperty("sockets").EnumerateArray()).GetProperty("pid").GetInt32());
        Assert.Equal(0, free.ExitCode);
        Assert.StartsWith($"127.0.0.2:{port}/tcp can be bound now.", free.Out, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Port_LoopbackListenerOfThisProcess_NamesThisProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        ToolResult json = await BuiltTool.RunAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        ToolResult text = await BuiltTool.RunAsync($"{port}/tcp");

        Assert.Equal(0, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(json.Out);
        JsonElement found = Assert.Single(document.RootElement.GetProperty("listening").GetProperty("listeners").EnumerateArray());
        Assert.Equal("tcp", found.GetProperty("transport").GetString());
        Assert.Equal("127.0.0.1", found.GetProperty("address").GetString());
        Assert.Equal(port, found.GetProperty("port").GetInt32());
        Assert.Equal(Environment.ProcessId, found.GetProperty("pid").GetInt32());
        Assert.Equal(ThisProcessName, found.GetProperty("process").GetString());

        Assert.Equal(0, text.ExitCode);
        Assert.Matches($@"\n  tcp +127\.0\.0\.1 +{port} +{Environment.ProcessId}  {Regex.Escape(ThisProcessName)}\n", text.Out);
        Assert.Equal(string.Empty, text.Error);
    }

    [LinuxFact]
    public async Task List_UdpFilterAndPort_FindsThisProcessSocket()
    {
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        ToolResult result = await BuiltTool.RunAsync("list", "--udp", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement found = Assert.Single(document.RootElement.GetProperty("listeners").EnumerateArray());
        Assert.Equal("udp", found.GetProperty("transport").GetString());
        Assert.Equal("::1", found.GetProperty("address").GetString());
        Assert.Equal("ipv6", found.GetProperty("family").GetString());
        Assert.Equal(Environment.ProcessId, found.GetProperty("pid").GetInt32());
    }

    [Theory]
    [InlineData("70000", "'70000' is out of range: expected a port number from 0 to 65535")]
    [InlineData("abc", "'abc' is not a port: expected a port number from 0 to 65535")]
    [InlineData("list --nope", "unknown option '--nope' for 'portclass list'")]
    public async Task BadInput_OneLineOnStandardErrorExitCodeTwo(string commandLine, string expected)
    {
        ToolResult result = await BuiltTool.RunAsync(commandLine.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(1, result.Error.Count(c => c == '\n'));
        Assert.StartsWith("portclass: " + expected, result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task FreeHold_PrintsPortsAtOnce_ServersCanBindThem_SigtermReleasesAndExitsWithZero()
    {
        using Process tool = BuiltTool.Start("free", "--hold", "--count", "2");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            int first = int.Parse(await tool.StandardOutput.ReadLineAsync(timeout.Token) ?? "", System.Globalization.CultureInfo.InvariantCulture);
            int second = int.Parse(await tool.StandardOutput.ReadLineAsync(timeout.Token) ?? "", System.Globalization.CultureInfo.InvariantCulture);

            Assert.NotEqual(first, second);
            Assert.InRange(first, 1024, 65535);
            Assert.False(tool.HasExited);

            // The leased port is for a server: one that sets SO_REUSEADDR (every .NET listener on Unix) binds it while held.
            using (var server = new TcpListener(IPAddress.Loopback, first))
            {
                server.Start();
            }

            using (Process kill = Process.Start("kill", ["-TERM", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await tool.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, tool.ExitCode);
            Assert.Equal(string.Empty, await tool.StandardOutput.ReadToEndAsync(timeout.Token));
        }
        finally
        {
            if (!tool.HasExited)
            {
                tool.Kill();
            }
        }
    }

    [UnprivilegedFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task List_AsUnprivilegedUser_ListsRootsSocketWithUnknownOwnerAndSaysWhy()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A copy every user can read: the build output may sit under root's home.
        string copy = BuiltTool.CopyForEveryone();
        try
        {
            ToolResult json = await BuiltTool.RunProgramAsync("/usr/bin/setpriv", [.. UnprivilegedFactAttribute.AsNobody, BuiltTool.DotNet, Path.Combine(copy, "portclass.dll"), "list", "--port", port, "--json"]);
            ToolResult text = await BuiltTool.RunProgramAsync("/usr/bin/setpriv", [.. UnprivilegedFactAttribute.AsNobody, BuiltTool.DotNet, Path.Combine(copy, "portclass.dll"), port]);

            Assert.Equal(0, json.ExitCode);
            using JsonDocument document = JsonDocument.Parse(json.Out);
            JsonElement found = Assert.Single(document.RootElement.GetProperty("listeners").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, found.GetProperty("pid").ValueKind);
            Assert.Equal(0, found.GetProperty("uid").GetInt32());
            Assert.Equal(1, document.RootElement.GetProperty("unknownOwners").GetInt32());

            Assert.Equal(0, text.ExitCode);
            Assert.Contains($"  tcp    127.0.0.1  {port}    -  (uid 0)\n", text.Out, StringComparison.Ordinal);
            Assert.Contains("  warning: ", text.Out, StringComparison.Ordinal);
            Assert.Equal(string.Empty, text.Error);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [LinuxWithSsFact]
    public async Task ListJson_AgreesWithSs()
    {
        string ss = LinuxWithSsFactAttribute.Path!;

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        HashSet<(string, int)> before = ParseSs((await BuiltTool.RunProgramAsync(ss, "-ltunH")).Out);
        ToolResult tool = await BuiltTool.RunAsync("list", "--json");
        HashSet<(string, int)> after = ParseSs((await BuiltTool.RunProgramAsync(ss, "-ltunH")).Out);

        using JsonDocument document = JsonDocument.Parse(tool.Out);
        var listed = document.RootElement.GetProperty("listeners").EnumerateArray()
            .Select(l => (l.GetProperty("transport").GetString()!, l.GetProperty("port").GetInt32()))
            .ToHashSet();
        // Other processes on this host open and close sockets meanwhile: what ss saw both before and
        // after the tool ran was there all along, and the tool must have seen it too.
        before.IntersectWith(after);
        Assert.Contains(("tcp", port), before);
        Assert.Empty(before.Except(listed));
    }

    // ss -ltunH: "tcp LISTEN 0 4096 127.0.0.1:5432 0.0.0.0:* ..."; the local address is column 5.
    private static HashSet<(string, int)> ParseSs(string output)
    {
        var sockets = new HashSet<(string, int)>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string local = columns[4];
            sockets.Add((columns[0], int.Parse(local[(local.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return sockets;
    }
}
