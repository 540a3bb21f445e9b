using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using System.Threading.Tasks;

namespace PortClassification.Internal;

/// <summary>Runs <c>netsh.exe</c> from the system directory with fixed arguments, no shell and a timeout.</summary>
[SupportedOSPlatform("windows")]
internal static class NetshRunner
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets the absolute path of netsh: never looked up through PATH or the current directory.</summary>
    internal static string Path => System.IO.Path.Combine(Environment.SystemDirectory, "netsh.exe");

    /// <summary>Runs netsh and returns its standard output, or the reason it could not be obtained.</summary>
    /// <param name="arguments">Fixed arguments, each passed as one argument (no quoting, no shell).</param>
    internal static NetshResult Run(string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Only ASCII digits, colons and dashes matter; UTF-8 keeps them whatever the console code page.
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned no process.");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            HostSettingFallback fallback = e is Win32Exception { NativeErrorCode: 2 or 3 }
                ? HostSettingFallback.Absent
                : HostSettingFallback.Unreadable;
            return NetshResult.Failed(fallback, $"netsh could not be started ({e.Message}).");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = ReadBoundedAsync(process.StandardOutput);
            Task<string> error = ReadBoundedAsync(process.StandardError);
            if (!process.WaitForExit(Timeout))
            {
                Kill(process);
                return NetshResult.Failed(HostSettingFallback.Unreadable, $"netsh did not finish within {Timeout.TotalSeconds:0} seconds and was stopped.");
            }

            // Both pipes close when netsh exits; the wait is bounded in case a grandchild kept them open.
            if (!Task.WaitAll([output, error], Timeout))
            {
                Kill(process);
                return NetshResult.Failed(HostSettingFallback.Unreadable, "netsh exited but its output did not end.");
            }

            if (process.ExitCode != 0)
            {
                string detail = error.Result.Trim();
                if (detail.Length == 0)
                {
                    detail = output.Result.Trim();
                }

                if (detail.Length > 200)
                {
                    detail = string.Concat(detail.AsSpan(0, 200), "…");
                }

                return NetshResult.Failed(HostSettingFallback.Unreadable, $"netsh exited with code {process.ExitCode}: {detail}");
            }

            return new NetshResult(output.Result, HostSettingFallback.None, null);
        }
    }

    /// <summary>Reads a pipe to its end but keeps at most one character more than the parsers accept.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            // Keep draining so netsh never blocks on a full pipe, but stop storing.
            if (text.Length <= NetshOutput.MaxLength)
            {
                text.Append(buffer, 0, Math.Min(read, NetshOutput.MaxLength + 1 - text.Length));
            }
        }

        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited, or cannot be killed: nothing more to do.
        }
    }
}
