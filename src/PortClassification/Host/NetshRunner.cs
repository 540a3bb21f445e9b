using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using System.Threading.Tasks;

namespace PortClassification.Internal;

/// <summary>Runs <c>netsh.exe</c> from the system directory with fixed arguments, no shell and a timeout.</summary>
/// <remarks>
/// The process handling itself is not Windows-specific, so tests run <see cref="Run(string, string[], TimeSpan)"/>
/// with Unix programs to check the timeout, exit-code and output-limit paths.
/// </remarks>
internal static class NetshRunner
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Gets the absolute path of netsh: never looked up through PATH or the current directory.</summary>
    [SupportedOSPlatform("windows")]
    internal static string Path => System.IO.Path.Combine(Environment.SystemDirectory, "netsh.exe");

    /// <summary>Runs netsh and returns its standard output, or the reason it could not be obtained.</summary>
    /// <param name="arguments">Fixed arguments, each passed as one argument (no quoting, no shell).</param>
    [SupportedOSPlatform("windows")]
    internal static NetshResult Run(string[] arguments) => Run(Path, arguments, Timeout);

    /// <summary>Runs a program by absolute path and returns its standard output, or the reason it could not be obtained.</summary>
    /// <param name="path">The program's absolute path.</param>
    /// <param name="arguments">Fixed arguments, each passed as one argument (no quoting, no shell).</param>
    /// <param name="timeout">How long the program may run before it is killed.</param>
    internal static NetshResult Run(string path, string[] arguments, TimeSpan timeout)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(path);
        var startInfo = new ProcessStartInfo(path)
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
            return NetshResult.Failed(fallback, $"{name} could not be started ({e.Message}).");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = ReadBoundedAsync(process.StandardOutput);
            Task<string> error = ReadBoundedAsync(process.StandardError);
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
                return NetshResult.Failed(HostSettingFallback.Unreadable, string.Create(CultureInfo.InvariantCulture, $"{name} did not finish within {timeout.TotalSeconds:0.#} seconds and was stopped."));
            }

            // Both pipes close when netsh exits; the wait is bounded in case a grandchild kept them open.
            if (!Task.WaitAll([output, error], timeout))
            {
                Kill(process);
                return NetshResult.Failed(HostSettingFallback.Unreadable, $"{name} exited but its output did not end.");
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

                return NetshResult.Failed(HostSettingFallback.Unreadable, string.Create(CultureInfo.InvariantCulture, $"{name} exited with code {process.ExitCode}: {detail}"));
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
