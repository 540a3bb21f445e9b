using System.Collections.Generic;
using System.Globalization;
using System.IO;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>Writes listeners as aligned columns, like <c>ss -ltnup</c>, and says what could not be seen.</summary>
internal static class ListenerTable
{
    /// <summary>Writes the rows under a header.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="rows">The rows, already sorted.</param>
    /// <param name="service">Whether to show the service column.</param>
    /// <param name="indent">Spaces before each line.</param>
    public static void Write(TextWriter output, Styler style, IReadOnlyList<ListenerRow> rows, bool service, int indent)
    {
        TextTable table = service
            ? new TextTable("PROTO", "ADDRESS", ">PORT", "SERVICE", ">PID", "PROCESS")
            : new TextTable("PROTO", "ADDRESS", ">PORT", ">PID", "PROCESS");
        foreach (ListenerRow row in rows)
        {
            Listener l = row.Listener;
            var proto = (TransportNames.Format(l.Transport) + (l.LocalEndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "6" : string.Empty), TextStyle.None);
            var address = (l.LocalEndPoint.Address.ToString(), TextStyle.None);
            var port = (l.Port.ToString(), TextStyle.Accent);
            var pid = (l.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-", l.ProcessId is null ? TextStyle.Dim : TextStyle.None);
            // An unknown owner still has a known user on Linux: say whose socket it is.
            var process = l.ProcessName is { } name ? (name, TextStyle.Good)
                : l.UserId is { } uid ? ($"(uid {uid.ToString(CultureInfo.InvariantCulture)})", TextStyle.Dim)
                : ("-", TextStyle.Dim);
            if (service)
            {
                table.Add(proto, address, port, (row.Service ?? "-", row.Service is null ? TextStyle.Dim : TextStyle.None), pid, process);
            }
            else
            {
                table.Add(proto, address, port, pid, process);
            }
        }

        table.Write(output, style, indent);
    }

    /// <summary>Writes what the source could not see: its warnings (an incomplete snapshot always has one), and listeners whose owner is unknown.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="section">The listeners.</param>
    /// <param name="prefix">Text before each line: an indent, or the tool's name on standard error.</param>
    public static void WriteNotes(TextWriter output, Styler style, ListenerSection section, string prefix)
    {
        string pad = prefix;
        foreach (string warning in section.Warnings)
        {
            output.WriteLine(style.Warning($"{pad}warning: {warning}"));
        }

        // The source's own warning, when it gives one, says more precisely why owners are unknown.
        if (section.UnknownOwners > 0 && section.Warnings.Count == 0)
        {
            string count = section.UnknownOwners == 1 ? "1 listener" : $"{section.UnknownOwners} listeners";
            output.WriteLine(style.Warning(section.ViewerIsPrivileged
                ? $"{pad}note: the owner of {count} is unknown: a process in another container (PID namespace), one that exited during the scan, or the kernel"
                : $"{pad}note: the owner of {count} is unknown: other users' processes can be inspected only by root (try sudo)"));
        }
    }
}
