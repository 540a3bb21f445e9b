using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace PortClassification.Tool.Output;

/// <summary>Renders a <see cref="BindReport"/> (<c>portclass why</c>) as text for people or as JSON for programs.</summary>
internal static class WhyReportWriter
{
    /// <summary>Gets the stable name of a finding kind: the enum name in kebab case (<c>held-by-listener</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string KindName(BindFindingKind kind)
    {
        string name = kind.ToString();
        var text = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            // A capital starts a word, except inside an acronym (IPv6 stays one word).
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>Writes the report as JSON (schema in the README, "portclass why").</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void WriteJson(TextWriter output, BindReport report) => Json.WriteDocument(output, w =>
    {
        w.WriteString("address", report.EndPoint.Address.ToString());
        w.WriteNumber("port", report.EndPoint.Port);
        w.WriteString("transport", TransportNames.Format(report.Transport));
        w.WriteBoolean("canBind", report.CanBind);
        if (report.CanBindWithReuseAddress is { } reuse)
        {
            w.WriteBoolean("canBindWithReuseAddress", reuse);
        }
        else
        {
            w.WriteNull("canBindWithReuseAddress");
        }

        w.WriteString("error", report.Error?.ToString());
        w.WriteString("summary", report.Summary);
        w.WriteStartArray("findings");
        foreach (BindFinding finding in report.Findings)
        {
            w.WriteStartObject();
            w.WriteString("kind", KindName(finding.Kind));
            w.WriteBoolean("blocks", finding.Blocks);
            w.WriteString("summary", finding.Summary);
            w.WriteString("remedy", finding.Remedy);
            w.WriteStartArray("sockets");
            foreach (SocketEntry socket in finding.Sockets)
            {
                WriteSocket(w, socket);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Json.WriteStrings(w, "warnings", report.Warnings);
    });

    /// <summary>Writes the report as text: the verdict, then each finding with its sockets and remedy.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="report">The report.</param>
    public static void WriteText(TextWriter output, Styler style, BindReport report)
    {
        output.WriteLine(report.CanBind ? style.Good(report.Summary) : style.Warning(report.Summary));
        if (!report.CanBind && report.CanBindWithReuseAddress is { } reuse)
        {
            output.WriteLine(style.Dim(reuse
                ? "  A bind with SO_REUSEADDR (as .NET, nginx, Node.js and Go make it) works now."
                : "  A bind with SO_REUSEADDR fails too."));
        }

        foreach (BindFinding finding in report.Findings)
        {
            output.WriteLine();
            string label = finding.Blocks ? "cause" : "warning";
            output.WriteLine($"  {style.Heading(label)} {style.Accent(KindName(finding.Kind))}: {finding.Summary}");
            foreach (SocketEntry socket in finding.Sockets)
            {
                output.WriteLine(style.Dim($"    {DescribeSocket(socket)}"));
            }

            if (finding.Remedy is { } remedy)
            {
                output.WriteLine($"    fix: {remedy}");
            }
        }

        foreach (string warning in report.Warnings)
        {
            output.WriteLine(style.Warning($"  note: {warning}"));
        }

        output.Flush();
    }

    /// <summary>Describes a socket in one line: <c>tcp listen 127.0.0.1:8080 pid 42 (nginx)</c>.</summary>
    /// <param name="socket">The socket.</param>
    /// <returns>The line.</returns>
    public static string DescribeSocket(SocketEntry socket)
    {
        string remote = socket.RemoteEndPoint is { } r ? $" -> {r}" : "";
        string owner = socket.ProcessId is int pid
            ? SocketText.Process(pid, socket.ProcessName)
            : socket.UserId is int uid && socket.State != SocketState.TimeWait
                ? string.Create(CultureInfo.InvariantCulture, $"uid {uid}, process unknown")
                : "no process";
        return $"{TransportNames.Format(socket.Transport)} {KindName(socket.State)} {socket.LocalEndPoint}{remote} {owner}";
    }

    private static string KindName(SocketState state) => state switch
    {
        SocketState.Listen => "listen",
        SocketState.Bound => "bound",
        SocketState.Established => "established",
        SocketState.SynSent => "syn-sent",
        SocketState.SynReceived => "syn-received",
        SocketState.FinWait1 => "fin-wait-1",
        SocketState.FinWait2 => "fin-wait-2",
        SocketState.CloseWait => "close-wait",
        SocketState.Closing => "closing",
        SocketState.LastAck => "last-ack",
        SocketState.TimeWait => "time-wait",
        _ => "connected",
    };

    private static void WriteSocket(Utf8JsonWriter w, SocketEntry socket)
    {
        w.WriteStartObject();
        w.WriteString("transport", TransportNames.Format(socket.Transport));
        w.WriteString("state", KindName(socket.State));
        w.WriteString("local", socket.LocalEndPoint.ToString());
        w.WriteString("remote", socket.RemoteEndPoint?.ToString());
        Json.WriteNullableNumber(w, "pid", socket.ProcessId);
        w.WriteString("process", socket.ProcessName);
        Json.WriteNullableNumber(w, "uid", socket.UserId);
        w.WriteEndObject();
    }
}
