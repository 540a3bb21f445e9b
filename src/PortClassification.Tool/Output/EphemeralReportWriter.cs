using System;
using System.Globalization;
using System.IO;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass ephemeral</c> writes: how full the ephemeral range is, and the busiest destinations.</summary>
internal static class EphemeralReportWriter
{
    /// <summary>The destinations shown in text; JSON has them all.</summary>
    internal const int TopDestinations = 10;

    /// <summary>From this percentage on, the report warns.</summary>
    internal const double WarningPercent = 50;

    /// <summary>Writes the usage as JSON, every destination included.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="usage">The usage.</param>
    public static void WriteJson(TextWriter output, EphemeralPortUsage usage) => Json.WriteDocument(output, w =>
    {
        w.WriteString("transport", TransportNames.Format(usage.Transport));
        Json.WriteInterval(w, "range", usage.Range);
        w.WriteNumber("size", usage.Size);
        w.WriteNumber("exclusive", usage.Exclusive);
        w.WriteBoolean("sharedAcrossDestinations", usage.SharedAcrossDestinations);
        w.WriteNumber("percent", Round(usage.Percent));
        w.WriteStartArray("destinations");
        foreach (EphemeralDestination d in usage.Destinations)
        {
            w.WriteStartObject();
            w.WriteString("remote", d.Remote.ToString());
            w.WriteString("local", d.Local.ToString());
            w.WriteNumber("count", d.Count);
            w.WriteNumber("timeWait", d.TimeWait);
            w.WriteNumber("percent", Round(d.Percent));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("source", usage.ReaderName);
        w.WriteBoolean("complete", usage.IsComplete);
        Json.WriteStrings(w, "warnings", usage.Warnings);
    });

    /// <summary>Writes the usage as text, the busiest destinations first.</summary>
    /// <param name="o">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="usage">The usage.</param>
    public static void WriteText(TextWriter o, Styler style, EphemeralPortUsage usage)
    {
        string transport = TransportNames.Format(usage.Transport);
        o.WriteLine(style.Heading($"Ephemeral ports ({transport})") + style.Dim($" (source: {usage.ReaderName})"));
        o.WriteLine(Invariant($"  range {usage.Range}: {usage.Size} ports the OS may hand out; {usage.Exclusive} held for every destination (bound or listening)"));
        o.WriteLine(usage.SharedAcrossDestinations
            ? "  connections to different destinations may share a local port: each destination has the whole pool"
            : "  every used port counts for every destination (no sharing)");
        if (usage.Destinations.Count == 0)
        {
            o.WriteLine(Invariant($"  no connection uses the range; pressure {usage.Percent:0.0} %"));
        }
        else
        {
            o.WriteLine(Invariant($"  busiest destinations (of {usage.Destinations.Count}):"));
            for (int i = 0; i < usage.Destinations.Count && i < TopDestinations; i++)
            {
                EphemeralDestination d = usage.Destinations[i];
                o.WriteLine(Invariant($"    {d.Percent,5:0.0} %  {d.Local} -> {d.Remote}: {d.Count} socket(s), {d.TimeWait} in TIME_WAIT"));
            }
        }

        if (usage.Percent >= 100)
        {
            o.WriteLine(style.Warning(Invariant($"  the range is exhausted: the next {(usage.Transport == Transport.Tcp ? "connect()" : "connect()/sendto()")} there fails with \"address not available\" (EADDRNOTAVAIL{(usage.Transport == Transport.Udp ? "; UDP on Linux: EAGAIN" : string.Empty)})")));
        }
        else if (usage.Percent >= WarningPercent)
        {
            o.WriteLine(style.Warning(Invariant($"  warning: {usage.Percent:0.0} % used; at 100 % connect() fails with \"address not available\" (EADDRNOTAVAIL)")));
        }

        foreach (string warning in usage.Warnings)
        {
            o.WriteLine(style.Warning($"  note: {warning}"));
        }

        o.Flush();
    }

    private static double Round(double percent) => Math.Round(percent, 1);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
