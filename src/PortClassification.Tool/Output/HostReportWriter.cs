using System.IO;
using System.Linq;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass host</c> writes: the host's port settings and where each came from, as text or JSON.</summary>
internal static class HostReportWriter
{
    /// <summary>Writes the host's settings as JSON.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="host">The settings.</param>
    public static void WriteJson(TextWriter output, HostFacts host) => Json.WriteDocument(output, w =>
    {
        w.WriteString("os", host.OperatingSystem);
        w.WriteNumber("unprivilegedPortStart", host.UnprivilegedPortStart.Value);
        w.WriteStartArray("transports");
        foreach (TransportHostFacts facts in host.Transports)
        {
            w.WriteStartObject();
            w.WriteString("transport", TransportNames.Format(facts.Transport));
            Json.WriteInterval(w, "ephemeralRange", facts.EphemeralRange);
            w.WriteStartArray("reserved");
            foreach (PortInterval interval in facts.Reserved)
            {
                Json.WriteInterval(w, interval);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("sources");
        foreach (HostSourceInfo source in host.Sources)
        {
            w.WriteStartObject();
            w.WriteString("setting", source.Setting);
            w.WriteString("transport", source.Transport is { } t ? TransportNames.Format(t) : null);
            w.WriteString("addressFamily", source.AddressFamily switch
            {
                System.Net.Sockets.AddressFamily.InterNetwork => "ipv4",
                System.Net.Sockets.AddressFamily.InterNetworkV6 => "ipv6",
                _ => null,
            });
            w.WriteString("origin", source.Origin);
            w.WriteString("location", source.Location);
            w.WriteString("value", source.Value);
            w.WriteString("fallback", source.Fallback);
            w.WriteString("reason", source.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>Writes the host's settings as text.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="host">The settings.</param>
    public static void WriteText(TextWriter output, Styler style, HostFacts host)
    {
        output.WriteLine(style.Heading($"Port settings of this host ({host.OperatingSystem})"));
        var table = new TextTable("SETTING", "PROTO", "VALUE", "MEANING");
        foreach ((string proto, TransportHostFacts facts) in HostText.GroupAlike(host.Transports, f => f.Transport, SameSettings, ","))
        {
            table.Add(
                ("ephemeral range", TextStyle.None),
                (proto, TextStyle.None),
                (facts.EphemeralRange.ToString(), TextStyle.Accent),
                ($"{Plural.Count(facts.EphemeralRange.Count, "port")} the OS picks from for outgoing connections and bind(0)", TextStyle.Dim));
            table.Add(
                (host.OperatingSystem == "windows" ? "excluded ports" : "reserved ports", TextStyle.None),
                (proto, TextStyle.None),
                (facts.Reserved.Count == 0 ? "none" : string.Join(",", facts.Reserved), facts.Reserved.Count == 0 ? TextStyle.None : TextStyle.Warning),
                (HostText.ReservedMeaning(host.OperatingSystem), TextStyle.Dim));
        }

        int start = host.UnprivilegedPortStart.Value;
        table.Add(
            ("privileged ports", TextStyle.None),
            ("any", TextStyle.None),
            (start == 0 ? "none" : $"0-{start - 1}", TextStyle.Accent),
            (HostText.PrivilegeMeaning(host), TextStyle.Dim));
        table.Write(output, style, indent: 2);
        if (host.OperatingSystem == "linux")
        {
            output.WriteLine(style.Dim("  Linux keeps these per network namespace: a container sees its own values, not the host's."));
        }

        output.WriteLine();
        output.WriteLine(style.Heading("Where the values came from"));
        foreach (HostSourceInfo source in host.Sources)
        {
            string line = "  " + HostText.Describe(source);
            output.WriteLine(source.Fallback is null ? line : style.Warning(line));
        }

        output.Flush();
    }

    // TCP and UDP usually share their settings: one row for both, labelled "tcp,udp".
    private static bool SameSettings(TransportHostFacts a, TransportHostFacts b) =>
        a.EphemeralRange == b.EphemeralRange && a.Reserved.SequenceEqual(b.Reserved);
}
