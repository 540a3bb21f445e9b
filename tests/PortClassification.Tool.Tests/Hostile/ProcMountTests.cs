using System.Text.Json;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Hostile;

/// <summary>
/// The built tool in a private mount namespace where the port sysctls are replaced by a FIFO (a plain read blocks
/// forever) and by <c>/dev/zero</c> (a plain read never ends): it must answer at once, with defaults and reasons.
/// </summary>
public sealed class ProcMountTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("portclass-procmount-");

    public void Dispose() => _directory.Delete(recursive: true);

    [MountNamespaceFact]
    public async Task Host_SysctlsReplacedByFifoAndDevZero_DefaultsWithReasons()
    {
        ToolResult result = await RunOverMountedSysctlsAsync("host", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonElement[] sources = [.. document.RootElement.GetProperty("sources").EnumerateArray()];
        JsonElement range = sources.Single(s => s.GetProperty("setting").GetString() == "ephemeralRange");
        JsonElement reserved = sources.Single(s => s.GetProperty("setting").GetString() == "reservedPorts");
        Assert.Equal("unreadable", range.GetProperty("fallback").GetString());
        Assert.Contains("is a FIFO, not a regular file", range.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("unreadable", reserved.GetProperty("fallback").GetString());
        Assert.Contains("is a character device, not a regular file", reserved.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [MountNamespaceFact]
    public async Task Free_SysctlsReplacedByFifoAndDevZero_StillLeases()
    {
        ToolResult result = await RunOverMountedSysctlsAsync("free");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(PortNumber.TryParse(result.Out.Trim(), out PortNumber port) && port.Value > 0, result.Out);
    }

    private Task<ToolResult> RunOverMountedSysctlsAsync(params string[] args)
    {
        const string Script =
            """
            set -e
            mkfifo "$0/fifo"
            mount --bind "$0/fifo" /proc/sys/net/ipv4/ip_local_port_range
            mount --bind /dev/zero /proc/sys/net/ipv4/ip_local_reserved_ports
            exec "$@"
            """;

        // unshare -m makes every mount private, so the bind mounts vanish with the child and never reach the host.
        return BuiltTool.RunProgramAsync(
            MountNamespaceFactAttribute.Unshare,
            ["--mount", "--propagation", "private", "/bin/sh", "-c", Script, _directory.FullName, BuiltTool.DotNet, BuiltTool.DllPath, .. args]);
    }
}
