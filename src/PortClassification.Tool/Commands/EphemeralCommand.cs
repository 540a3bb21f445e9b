using System;
using System.CommandLine;
using System.Globalization;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass ephemeral</c>: how full this host's ephemeral port range is, per destination.</summary>
internal static class EphemeralCommand
{
    /// <summary>The destinations shown in text; JSON has them all.</summary>
    internal const int TopDestinations = 10;

    /// <summary>From this percentage on, the report warns.</summary>
    internal const double WarningPercent = 50;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var udp = new Option<bool>("--udp", "-u") { Description = "The UDP range instead of TCP" };
        var command = new Command("ephemeral", "How full this host's ephemeral port range is: ports held for everybody, and the busiest destinations.")
        {
            udp,
        };
        command.SetAction(result =>
        {
            Transport transport = result.GetValue(udp) ? Transport.Udp : Transport.Tcp;
            EphemeralPortUsage usage = context.Facts.ReadEphemeral(transport);
            if (context.WantsJson(result))
            {
                WriteJson(context, usage);
            }
            else
            {
                WriteText(context, usage);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(ToolContext context, EphemeralPortUsage usage) => Json.WriteDocument(context.Console.Out, w =>
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
        w.WriteStartArray("warnings");
        foreach (string warning in usage.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
    });

    private static void WriteText(ToolContext context, EphemeralPortUsage usage)
    {
        System.IO.TextWriter o = context.Console.Out;
        Styler style = context.Console.Style;
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

    private static double Round(double percent) => System.Math.Round(percent, 1);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
