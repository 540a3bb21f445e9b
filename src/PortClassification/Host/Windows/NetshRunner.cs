using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

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
    internal static NetshResult Run(string path, string[] arguments, TimeSpan timeout) => RunAll(path, [arguments], timeout)[0];

    /// <summary>
    /// Starts one process per argument list, all at once on the calling thread, and collects them against one
    /// shared deadline, so the whole batch takes at most about <paramref name="timeout"/>. Never throws.
    /// </summary>
    /// <param name="path">The program's absolute path.</param>
    /// <param name="commands">One fixed argument list per run.</param>
    /// <param name="timeout">How long the whole batch may take; a run still going at the deadline is killed.</param>
    /// <returns>One result per argument list, in order.</returns>
    internal static NetshResult[] RunAll(string path, string[][] commands, TimeSpan timeout)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(path);
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var runs = new RunningProgram?[commands.Length];
        var results = new NetshResult[commands.Length];
        try
        {
            for (int i = 0; i < commands.Length; i++)
            {
                runs[i] = Start(path, name, commands[i], out results[i]);
            }

            for (int i = 0; i < commands.Length; i++)
            {
                if (runs[i] is { } run)
                {
                    results[i] = Collect(run, name, timeout, deadline);
                }
            }
        }
        finally
        {
            foreach (RunningProgram? run in runs)
            {
                run?.Dispose();
            }
        }

        return results;
    }

    private static RunningProgram? Start(string path, string name, string[] arguments, out NetshResult failure)
    {
        failure = default;
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Only ASCII digits and dashes matter; UTF-8 keeps them whatever the console code page
            // (other bytes may decode to U+FFFD, which the parsers never look at).
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process? process = null;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned no process.");
            process.StandardInput.Close();
            var run = new RunningProgram(process);
            process = null;
            return run;
        }
#pragma warning disable CA1031 // Any failure to start is a reason, never an exception: reading host settings never throws.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HostSettingFallback fallback = e is Win32Exception { NativeErrorCode: 2 or 3 }
                ? HostSettingFallback.Absent
                : HostSettingFallback.Unreadable;
            failure = NetshResult.Failed(fallback, $"{name} could not be started ({e.Message}).");
            return null;
        }
        finally
        {
            process?.Dispose();
        }
    }

    private static NetshResult Collect(RunningProgram run, string name, TimeSpan timeout, long deadline)
    {
        Process process = run.Process;
        try
        {
            if (!process.WaitForExit(Remaining(deadline)))
            {
                run.Kill();
                return NetshResult.Failed(HostSettingFallback.Unreadable, string.Create(CultureInfo.InvariantCulture, $"{name} did not finish within {timeout.TotalSeconds:0.#} seconds and was stopped."));
            }

            // Both pipes close when the program exits; the wait is bounded in case a grandchild kept them open.
            if (!Task.WaitAll([run.Output, run.Error], Remaining(deadline)))
            {
                run.Kill();
                return NetshResult.Failed(HostSettingFallback.Unreadable, $"{name} exited but its output did not end.");
            }

            if (process.ExitCode != 0)
            {
                string detail = run.Error.Result.Trim();
                if (detail.Length == 0)
                {
                    detail = run.Output.Result.Trim();
                }

                if (detail.Length > 200)
                {
                    detail = string.Concat(detail.AsSpan(0, 200), "…");
                }

                return NetshResult.Failed(HostSettingFallback.Unreadable, string.Create(CultureInfo.InvariantCulture, $"{name} exited with code {process.ExitCode}: {detail}"));
            }

            return new NetshResult(run.Output.Result, HostSettingFallback.None, null);
        }
#pragma warning disable CA1031 // A failed read is a reason, never an exception: reading host settings never throws.
        catch (Exception e)
#pragma warning restore CA1031
        {
            run.Kill();
            return NetshResult.Failed(HostSettingFallback.Unreadable, $"{name} could not be read ({e.GetBaseException().Message}).");
        }
    }

    private static TimeSpan Remaining(long deadline)
    {
        TimeSpan remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Reads a pipe to its end but keeps at most one character more than the parsers accept.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            // Keep draining so the program never blocks on a full pipe, but stop storing.
            if (text.Length <= NetshOutput.MaxLength)
            {
                text.Append(buffer, 0, Math.Min(read, NetshOutput.MaxLength + 1 - text.Length));
            }
        }

        return text.ToString();
    }

    /// <summary>A started process with both output pipes being drained; disposing it releases the pipes at once.</summary>
    private sealed class RunningProgram : IDisposable
    {
        /// <summary>How long disposal waits for the reads to end after a kill, before closing the pipes under them.</summary>
        private static readonly TimeSpan s_drainGrace = TimeSpan.FromMilliseconds(200);

        private readonly StreamReader _output;
        private readonly StreamReader _error;

        internal RunningProgram(Process process)
        {
            Process = process;
            _output = process.StandardOutput;
            _error = process.StandardError;
            Output = ReadBoundedAsync(_output);
            Error = ReadBoundedAsync(_error);
        }

        internal Process Process { get; }

        internal Task<string> Output { get; }

        internal Task<string> Error { get; }

        internal void Kill()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
#pragma warning disable CA1031 // Already exited, or cannot be killed: nothing more to do.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        /// <summary>
        /// Closes both pipes. Process.Dispose leaves readers handed out through StandardOutput/StandardError
        /// open (their owner is the caller), so without this each run keeps two descriptors until finalization.
        /// </summary>
        public void Dispose()
        {
            if (!Output.IsCompleted || !Error.IsCompleted)
            {
                // After a kill the pipes end shortly; a grandchild that still holds them must not block disposal.
                _ = Task.WaitAny([Task.WhenAll(Output, Error)], s_drainGrace);
            }

            _output.Dispose();
            _error.Dispose();
            Observe(Output);
            Observe(Error);
            Process.Dispose();
        }

        /// <summary>A read cut off by disposal faults; observe it so it never reaches TaskScheduler.UnobservedTaskException.</summary>
        private static void Observe(Task task) =>
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
