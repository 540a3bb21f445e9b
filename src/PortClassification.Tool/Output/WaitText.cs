using System;
using System.Globalization;
using System.Net;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass wait</c> writes: nothing on success in text mode, progress on a terminal, a JSON result on request.</summary>
internal static class WaitText
{
    /// <summary>Writes a progress line to standard error, only when it is a terminal.</summary>
    /// <param name="context">The tool's context.</param>
    /// <param name="request">The request.</param>
    /// <param name="seen">What the port shows now.</param>
    public static void Progress(ToolContext context, WaitRequest request, string seen)
    {
        if (!context.Console.Interactive)
        {
            return;
        }

        context.Console.Error.WriteLine($"portclass: waiting for port {request.Port}: {seen}");
        context.Console.Error.Flush();
    }

    /// <summary>Writes the result: a JSON document when asked, otherwise nothing (the exit code says it).</summary>
    /// <param name="context">The tool's context.</param>
    /// <param name="request">The request.</param>
    /// <param name="ready">Whether the wait succeeded.</param>
    /// <param name="endPoint">The endpoint that passed the check, when waiting for a listener.</param>
    /// <param name="seen">What was seen last, on failure.</param>
    /// <param name="json">Whether to write JSON.</param>
    public static void WriteResult(ToolContext context, WaitRequest request, bool ready, IPEndPoint? endPoint, string? seen, bool json)
    {
        if (!json)
        {
            return;
        }

        Json.WriteDocument(context.Console.Out, w =>
        {
            w.WriteNumber("port", request.Port.Value);
            w.WriteBoolean("ready", ready);
            w.WriteString("check", request.Check.ToString());
            // Keys are always present (schema rule): null when they do not apply.
            w.WriteString("address", endPoint?.Address.ToString());
            w.WriteString("seen", seen);
        });
        context.Console.Out.Flush();
    }

    /// <summary>Describes a listener for a message: <c>127.0.0.1:8080 (pid 42 python3)</c>.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>The text.</returns>
    public static string Describe(Listener listener) =>
        listener.LocalEndPoint + (listener.ProcessId is int pid
            ? string.Create(CultureInfo.InvariantCulture, $" (pid {pid}{(listener.ProcessName is { } name ? " " + name : string.Empty)})")
            : " (owner not visible to this user)");

    /// <summary>Formats a duration in seconds: <c>5 s</c>, <c>0.25 s</c>.</summary>
    /// <param name="span">The duration.</param>
    /// <returns>The text.</returns>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
