using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
using PortClassification.Tool.Processes;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary>
/// <c>portclass kill PORT</c>: signals the processes listening on exactly that port (never clients connected to
/// it, never pid 1, this process or its parent), waits until the port is free, and with <c>--force</c> sends
/// SIGKILL to those still listening.
/// </summary>
internal static class KillCommand
{
    /// <summary>The default time to wait for the port to become free.</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var port = new Argument<PortNumber>("port") { Description = "The port, 1-65535", CustomParser = HarnessParsers.ListenPort };
        var udp = new Option<bool>("--udp", "-u") { Description = "End the processes bound to the UDP port instead of listening on the TCP port" };
        var signal = new Option<ProcessSignal>("--signal", "-s")
        {
            Description = $"The signal to send: {string.Join(", ", ProcessSignal.Names)} (default TERM; on Windows every signal terminates)",
            DefaultValueFactory = _ => ProcessSignal.Term,
            CustomParser = HarnessParsers.Signal,
        };
        var timeout = new Option<TimeSpan>("--timeout", "-t")
        {
            Description = $"How many seconds to wait for the port to become free (default {DefaultTimeout.TotalSeconds:0})",
            DefaultValueFactory = _ => DefaultTimeout,
            CustomParser = HarnessParsers.Seconds,
        };
        var force = new Option<bool>("--force", "-f") { Description = "Send SIGKILL to processes still listening after the timeout, and wait once more" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only print what would be signalled" };
        var command = new Command(
            "kill",
            "End the processes listening on a port (not clients connected to it) and wait until it is free; exit 0 when it is, 1 when not.")
        {
            port, udp, signal, timeout, force, dryRun,
        };
        command.SetAction((result, token) => RunAsync(
            context,
            new KillRequest(
                result.GetValue(port),
                result.GetValue(udp) ? Transport.Udp : Transport.Tcp,
                result.GetValue(signal) ?? ProcessSignal.Term,
                result.GetValue(timeout),
                result.GetValue(force),
                result.GetValue(dryRun)),
            context.WantsJson(result),
            token));
        return command;
    }

    private static async Task<int> RunAsync(ToolContext context, KillRequest request, bool json, CancellationToken token)
    {
        var report = new KillReport(request);
        List<Listener> listening = Listening(context, request);
        var targets = new Dictionary<int, string?>();
        foreach (Listener listener in listening)
        {
            if (listener.ProcessId is not int pid)
            {
                report.Unseen.Add(listener.LocalEndPoint.ToString());
            }
            else if (pid == 1 || pid == context.Facts.CurrentProcessId || pid == context.Facts.ParentProcessId)
            {
                report.Protected.Add((pid, listener.ProcessName));
            }
            else
            {
                targets.TryAdd(pid, listener.ProcessName);
            }
        }

        if (request.DryRun)
        {
            report.Planned.AddRange(targets.Select(t => (t.Key, t.Value)));
            KillText.Write(context, report, json, free: listening.Count == 0);
            return report.Unseen.Count == 0 && report.Protected.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }

        Signal(context, report, targets, request.Signal);
        bool free = await WaitFreeAsync(context, request, token).ConfigureAwait(false);
        if (!free && request.Force)
        {
            var stubborn = new Dictionary<int, string?>();
            foreach (Listener listener in Listening(context, request))
            {
                if (listener.ProcessId is int pid && targets.ContainsKey(pid))
                {
                    stubborn.TryAdd(pid, listener.ProcessName);
                }
            }

            Signal(context, report, stubborn, ProcessSignal.KillSignal);
            free = await WaitFreeAsync(context, request, token).ConfigureAwait(false);
        }

        if (!free)
        {
            report.StillListening.AddRange(Listening(context, request).Select(WaitText.Describe));
        }

        KillText.Write(context, report, json, free);
        return free ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Signal(ToolContext context, KillReport report, Dictionary<int, string?> targets, ProcessSignal signal)
    {
        foreach ((int pid, string? name) in targets)
        {
            SignalOutcome outcome = context.Facts.Signal(pid, signal);
            report.Signalled.Add(new KillAction(pid, name, signal, outcome));
        }
    }

    private static List<Listener> Listening(ToolContext context, KillRequest request) =>
        [.. context.Facts.FindListeners(request.Port).Where(l => l.Transport == request.Transport && l.LocalEndPoint.Port == request.Port.Value)];

    private static async Task<bool> WaitFreeAsync(ToolContext context, KillRequest request, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (Listening(context, request).Count == 0)
            {
                return true;
            }

            if (clock.Elapsed >= request.Timeout)
            {
                return false;
            }

            await Task.Delay(delay, token).ConfigureAwait(false);
            delay = delay * 2 < TimeSpan.FromMilliseconds(100) ? delay * 2 : TimeSpan.FromMilliseconds(100);
        }
    }
}
