using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Hostile;

/// <summary>The built tool under hostile conditions it cannot fix: few descriptors, standard output closed.</summary>
public class ResourceLimitTests
{
    /// <summary>
    /// Below about 22 descriptors the runtime itself cannot start (no JIT, no System.Runtime): nothing of ours runs. The
    /// runtime's own floor moves with what the test host hands down (CI once saw "Failed to load JIT compiler" at 22), so
    /// the sweep starts at 24, where the report of start-up failures begins.
    /// </summary>
    private const int LowestLimitTheToolRunsAt = 24;

    [LinuxFact]
    public async Task List_EveryDescriptorLimit_ListsOrFailsWithOneLineNeverCrashes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var failures = new List<string>();

        // Start-up (24-50), the listener sources (about 48) and the owner scan's threads (about 56-57) each fail somewhere
        // in this range; every limit must end in a listing or in one line and a non-zero exit.
        for (int limit = LowestLimitTheToolRunsAt; limit <= 72; limit++)
        {
            ToolResult result = await RunLimitedAsync(limit, "list");
            string? problem = Judge(result, port);
            if (problem is not null)
            {
                failures.Add($"ulimit -n {limit}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [LinuxFact]
    public async Task FreeAndPort_LowDescriptorLimits_OneLineNeverCrashes()
    {
        var failures = new List<string>();
        foreach (string command in (string[])["free", "60400"])
        {
            for (int limit = 40; limit <= 66; limit += 2)
            {
                ToolResult result = await RunLimitedAsync(limit, command);
                string? problem = Judge(result, expected: command == "free" ? null : "60400 is a dynamic port");
                if (problem is not null)
                {
                    failures.Add($"ulimit -n {limit}; portclass {command}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [LinuxFact]
    public async Task StandardOutputClosed_SaysSoAndFails()
    {
        foreach (string command in (string[])["60400", "list", "free"])
        {
            ToolResult result = await BuiltTool.RunProgramAsync("/bin/sh", "-c", "exec \"$@\" >&-", "sh", BuiltTool.DotNet, BuiltTool.DllPath, command);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("portclass: standard output is closed (for example '>&-'); nothing can be written, so nothing was done.\n", result.Error);
        }
    }

    private static Task<ToolResult> RunLimitedAsync(int limit, string command) =>
        BuiltTool.RunProgramAsync(
            "/bin/sh", "-c", "ulimit -n \"$0\" && exec \"$@\"", limit.ToString(CultureInfo.InvariantCulture), BuiltTool.DotNet, BuiltTool.DllPath, command);

    /// <summary>Says what is wrong with a run: a crash, a stack trace, a silent failure, or a success without the answer.</summary>
    private static string? Judge(ToolResult result, string? expected)
    {
        string error = result.Error;
        if (error.Contains("Unhandled exception", StringComparison.Ordinal) || error.Contains("Process terminated", StringComparison.Ordinal)
            || error.Contains("\n   at ", StringComparison.Ordinal) || error.StartsWith("   at ", StringComparison.Ordinal))
        {
            return $"crashed (exit {result.ExitCode}): {Head(error)}";
        }

        switch (result.ExitCode)
        {
            case 0:
                return expected is null || result.Out.Contains(expected, StringComparison.Ordinal)
                    ? null
                    : $"exit 0 without '{expected}' in the output: {Head(result.Out)} / {Head(error)}";
            case 1:
                string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return lines.Length > 0 && lines[0].StartsWith("portclass: ", StringComparison.Ordinal) && lines.All(l => l.StartsWith("portclass: ", StringComparison.Ordinal))
                    ? null
                    : $"exit 1 without a 'portclass: ' message: {Head(error)}";
            default:
                return $"exit {result.ExitCode}: {Head(error)}";
        }
    }

    private static string Head(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
