using System.IO;
using PortClassification.Tool.Processes;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass kill</c> writes: one line per process signalled on standard output, problems on standard error.</summary>
internal static class KillText
{
    /// <summary>Writes the report.</summary>
    /// <param name="context">The tool's context.</param>
    /// <param name="report">The report.</param>
    /// <param name="json">Whether to write JSON.</param>
    /// <param name="free">Whether the port is free at the end (for a dry run: now).</param>
    public static void Write(ToolContext context, KillReport report, bool json, bool free)
    {
        if (json)
        {
            WriteJson(context.Console.Out, report, free);
        }
        else
        {
            WriteText(context, report, free);
        }

        context.Console.Out.Flush();
    }

    private static void WriteText(ToolContext context, KillReport report, bool free)
    {
        TextWriter output = context.Console.Out;
        string port = report.Request.Port + "/" + TransportNames.Format(report.Request.Transport);
        foreach ((int pid, string? name) in report.Planned)
        {
            output.WriteLine($"would send {report.Request.Signal} to {SocketText.Process(pid, name)}");
        }

        foreach (KillAction action in report.Signalled)
        {
            switch (action.Outcome)
            {
                case SignalOutcome.Sent:
                    output.WriteLine($"sent {action.Signal} to {SocketText.Process(action.ProcessId, action.ProcessName)}");
                    break;
                case SignalOutcome.NoSuchProcess:
                    output.WriteLine($"{SocketText.Process(action.ProcessId, action.ProcessName)} had already exited");
                    break;
                case SignalOutcome.NotPermitted:
                    context.Error($"not permitted to signal {SocketText.Process(action.ProcessId, action.ProcessName)}; run as root (or its owner).");
                    break;
                default:
                    context.Error($"could not signal {SocketText.Process(action.ProcessId, action.ProcessName)}.");
                    break;
            }
        }

        foreach ((int pid, string? name) in report.Protected)
        {
            context.Error($"not signalling {SocketText.Process(pid, name)}: portclass never signals pid 1, itself or its parent.");
        }

        if (report.Unseen.Count > 0)
        {
            context.Error($"the owner of {string.Join(", ", report.Unseen)} is not visible to this user; run as root to see and end it.");
        }

        if (report.Planned.Count == 0 && report.Signalled.Count == 0 && report.Protected.Count == 0 && report.Unseen.Count == 0)
        {
            output.WriteLine($"nothing listens on {port}");
        }
        else if (!free && !report.Request.DryRun)
        {
            string hint = report.Request.Force ? string.Empty : " (--force sends SIGKILL)";
            context.Error($"{port} is still in use after {WaitText.Seconds(report.Request.Timeout)}: {string.Join(", ", report.StillListening)}{hint}.");
        }
    }

    private static void WriteJson(TextWriter output, KillReport report, bool free) => Json.WriteDocument(output, w =>
    {
        w.WriteNumber("port", report.Request.Port.Value);
        w.WriteString("transport", TransportNames.Format(report.Request.Transport));
        w.WriteBoolean("dryRun", report.Request.DryRun);
        w.WriteBoolean("free", free);
        w.WriteStartArray("processes");
        foreach ((int pid, string? name) in report.Planned)
        {
            w.WriteStartObject();
            w.WriteNumber("pid", pid);
            w.WriteString("process", name);
            w.WriteString("signal", report.Request.Signal.ToString());
            w.WriteString("outcome", "planned");
            w.WriteEndObject();
        }

        foreach (KillAction action in report.Signalled)
        {
            w.WriteStartObject();
            w.WriteNumber("pid", action.ProcessId);
            w.WriteString("process", action.ProcessName);
            w.WriteString("signal", action.Signal.ToString());
            w.WriteString("outcome", action.Outcome switch
            {
                SignalOutcome.Sent => "sent",
                SignalOutcome.NoSuchProcess => "exited",
                SignalOutcome.NotPermitted => "notPermitted",
                _ => "failed",
            });
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("protected");
        foreach ((int pid, _) in report.Protected)
        {
            w.WriteNumberValue(pid);
        }

        w.WriteEndArray();
        Json.WriteStrings(w, "ownerNotVisible", report.Unseen);
    });
}
