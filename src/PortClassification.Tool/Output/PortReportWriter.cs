using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>Renders a <see cref="PortReport"/> as text for people or as JSON for programs.</summary>
internal static class PortReportWriter
{
    /// <summary>Writes the report as JSON (schema in the README, "portclass &lt;port&gt;").</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void WriteJson(TextWriter output, PortReport report) => Json.WriteDocument(output, w =>
    {
        w.WriteNumber("port", report.Port.Value);
        w.WriteString("transport", report.RequestedTransport is { } t ? TransportNames.Format(t) : null);
        w.WriteStartObject("range");
        w.WriteString("name", Names.Of(report.Range));
        PortInterval bounds = PortInterval.FromRange(report.Range);
        w.WriteNumber("first", bounds.First.Value);
        w.WriteNumber("last", bounds.Last.Value);
        w.WriteEndObject();
        w.WriteString("registryDate", report.RegistryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteStartArray("transports");
        foreach (PortTransportFacts facts in report.Transports)
        {
            w.WriteStartObject();
            w.WriteString("transport", TransportNames.Format(facts.Transport));
            w.WriteString("ianaStatus", Names.Of(facts.Status));
            w.WriteBoolean("ephemeral", facts.Ephemeral);
            Json.WriteInterval(w, "ephemeralRange", facts.EphemeralRange);
            w.WriteBoolean("reserved", facts.Reserved);
            Json.WriteInterval(w, "reservedRange", facts.ReservedInterval);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("privileged", report.Privileged);
        w.WriteNumber("unprivilegedPortStart", report.Host.UnprivilegedPortStart.Value);
        w.WriteString("os", report.Host.OperatingSystem);
        Json.WriteServices(w, "services", report.Services);
        Json.WriteServices(w, "hostServices", report.HostServices);
        w.WriteString("hostServicesFile", report.HostServicesPath);
        w.WriteStartObject("browserBlocked");
        w.WriteBoolean("blocked", report.BrowserBlocked);
        w.WriteString("source", BrowserBlockedPorts.Citation);
        w.WriteString("listDate", BrowserBlockedPorts.ListDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        Json.WriteServices(w, "related", report.Related);
        if (report.Bind is { } bind)
        {
            w.WriteStartObject("bind");
            w.WriteString("address", bind.EndPoint.Address.ToString());
            w.WriteString("transport", TransportNames.Format(bind.Transport));
            w.WriteBoolean("canBind", bind.CanBind);
            w.WriteString("summary", bind.Summary);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("bind");
        }

        w.WriteStartObject("listening");
        Json.WriteListenerSectionProperties(w, report.Listening);
        w.WriteEndObject();
        w.WriteStartArray("firewall");
        foreach (FirewallFacts firewall in report.Firewall)
        {
            FirewallText.WriteJson(w, firewall);
        }

        w.WriteEndArray();
        w.WriteStartObject("inUse");
        w.WriteStartArray("sockets");
        foreach (InUseRow row in report.InUse.Rows)
        {
            SocketText.WriteJson(w, row.Socket, RoleName(row.Role));
        }

        w.WriteEndArray();
        w.WriteNumber("timeWait", report.InUse.TimeWait);
        w.WriteEndObject();
    });

    /// <summary>Writes the report as text.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="report">The report.</param>
    /// <param name="sources">Whether to show each known use's source.</param>
    public static void WriteText(TextWriter output, Styler style, PortReport report, bool sources = false)
    {
        WriteSummary(output, style, report);
        output.WriteLine();
        WriteRegistry(output, style, report, sources);
        output.WriteLine();
        WriteHost(output, style, report);
        output.WriteLine();
        WriteListening(output, style, report);
        if (report.Firewall.Count > 0)
        {
            output.WriteLine();
            FirewallText.WriteSection(output, style, report.Firewall);
        }

        output.Flush();
    }

    private static void WriteSummary(TextWriter output, Styler style, PortReport report)
    {
        PortInterval bounds = PortInterval.FromRange(report.Range);
        string subject = report.RequestedTransport is { } t ? $"{report.Port}/{TransportNames.Format(t)}" : report.Port.ToString();
        string range = report.Range switch
        {
            PortRange.System => "a system port (\"well-known\")",
            PortRange.User => "a user port (\"registered\")",
            _ => "a dynamic port (\"private\" or \"ephemeral\")",
        };
        output.WriteLine($"{style.Accent(subject)} is {range}: IANA's {Names.Of(report.Range)} range is {bounds} (RFC 6335).");
        output.WriteLine(style.Dim(report.Range switch
        {
            PortRange.System => "  IANA assigns system ports through IETF review; binding them often needs privileges.",
            PortRange.User => "  IANA assigns user ports to services on request.",
            _ => "  IANA never assigns dynamic ports: anyone may use them, and operating systems draw temporary ports from them.",
        }));
        if (report.Port.Value == 0)
        {
            output.WriteLine(style.Dim("  Port 0 is never a server's port: given to bind(), it asks the OS for any free ephemeral port."));
        }

        if (report.BrowserBlocked)
        {
            output.WriteLine(style.Warning($"  Chrome and Firefox refuse http:// on this port: it is a \"bad port\" of the Fetch Standard ({BrowserBlockedPorts.Citation})."));
        }
    }

    private static void WriteRegistry(TextWriter output, Styler style, PortReport report, bool sources)
    {
        output.WriteLine(style.Heading($"IANA registry (as of {report.RegistryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"));
        foreach (PortTransportFacts facts in report.Transports)
        {
            string text = facts.Status switch
            {
                IanaStatus.Assigned => AssignedTo(report.Services, facts.Transport),
                IanaStatus.Reserved => "reserved by IANA",
                IanaStatus.Unassigned => "unassigned: IANA has not given it to any service",
                _ => "not assignable: the dynamic range is never assigned",
            };
            output.WriteLine($"  {TransportNames.Format(facts.Transport),-4}  {text}");
        }

        output.WriteLine();
        output.WriteLine(style.Heading("Services using this port"));
        if (report.Services.Count == 0)
        {
            output.WriteLine("  none known: no IANA assignment and no known use on record");
            WriteHostNames(output, style, report);
            return;
        }

        // Details go under their entry, so the table is rendered first and written row by row.
        List<string> lines = ServiceTable.RenderForPort(style, report.Services);
        for (int i = 0; i < lines.Count; i++)
        {
            output.WriteLine(lines[i]);
            ServiceInfo service = report.Services[i];
            WriteDetail(output, style, "reference", service.Reference);
            WriteDetail(output, style, "unauthorized use reported", service.UnauthorizedUse);
            WriteDetail(output, style, "note", service.Note);
            WriteDetail(output, style, "source", sources ? service.Source : null);
            WriteDetail(output, style, "also", AlsoUses(report, service, i));
        }

        if (!sources && report.Services.Any(s => s.Source is not null))
        {
            output.WriteLine(style.Dim("  ('--sources' shows where each known use is documented)"));
        }

        WriteHostNames(output, style, report);
    }

    private static void WriteHostNames(TextWriter output, Styler style, PortReport report)
    {
        foreach (ServiceInfo host in report.HostServices)
        {
            output.WriteLine($"  this host's {report.HostServicesPath} calls {ServiceTable.PortText(host)} '{host.Name}'" +
                (host.Description.Length > 0 ? $" ({host.Description})" : string.Empty));
        }

        if (report.HostServicesNote is { } note)
        {
            output.WriteLine(style.Warning($"  note: {note}"));
        }
    }

    private static string AssignedTo(IReadOnlyList<ServiceInfo> services, Transport transport)
    {
        var names = new List<string>();
        foreach (ServiceInfo service in services)
        {
            if (service.Origin == ServiceKind.Iana && (service.Transport is null || service.Transport == transport) && !names.Contains(service.Name))
            {
                names.Add(service.Name);
            }
        }

        return names.Count == 0 ? "assigned" : $"assigned to {string.Join(", ", names)}";
    }

    // The service's other ports, once per name (under its first entry).
    private static string? AlsoUses(PortReport report, ServiceInfo service, int index)
    {
        for (int i = 0; i < index; i++)
        {
            if (string.Equals(report.Services[i].Name, service.Name, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        var ports = new List<string>();
        foreach (ServiceInfo other in report.Related)
        {
            if (string.Equals(other.Name, service.Name, StringComparison.OrdinalIgnoreCase))
            {
                ports.Add(ServiceTable.PortText(other));
            }
        }

        return ports.Count == 0 ? null : string.Join(", ", ports);
    }

    private static void WriteDetail(TextWriter output, Styler style, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            output.WriteLine(style.Dim($"      {label}: {value}"));
        }
    }

    private static void WriteHost(TextWriter output, Styler style, PortReport report)
    {
        HostFacts host = report.Host;
        output.WriteLine(style.Heading($"This host ({host.OperatingSystem})"));
        foreach ((string transports, PortTransportFacts facts) in HostText.GroupAlike(report.Transports, f => f.Transport, (a, b) => a.Ephemeral == b.Ephemeral && a.EphemeralRange == b.EphemeralRange, " and "))
        {
            if (facts.Ephemeral)
            {
                output.WriteLine($"  ephemeral   {style.Warning("yes")} ({transports}): inside {facts.EphemeralRange}, the range the OS picks ports from for");
                output.WriteLine($"              outgoing connections and bind(0), so a server on {report.Port} may find it taken;");
                output.WriteLine("              'portclass free' gives ports outside it");
            }
            else
            {
                output.WriteLine($"  ephemeral   no ({transports}): outside {facts.EphemeralRange}, the range the OS picks ports from for outgoing connections");
            }
        }

        foreach ((string transports, PortTransportFacts facts) in HostText.GroupAlike(report.Transports, f => f.Transport, (a, b) => a.ReservedInterval == b.ReservedInterval, " and "))
        {
            output.WriteLine(facts.ReservedInterval is { } reserved
                ? $"  reserved    {style.Warning("yes")} ({transports}): in {reserved}; {HostText.ReservedMeaning(host.OperatingSystem)}"
                : $"  reserved    no ({transports})");
        }

        output.WriteLine(report.Privileged
            ? $"  privileged  {style.Warning("yes")}: {HostText.PrivilegeMeaning(host)}"
            : $"  privileged  no: {HostText.PrivilegeMeaning(host)}");
        if (report.Bind is { } bind)
        {
            output.WriteLine(bind.CanBind
                ? $"  bind now    {style.Good("yes")}: {bind.Summary}"
                : $"  bind now    {style.Warning("no")}: {bind.Summary} ('portclass why {report.Port}{(bind.Transport == Transport.Udp ? "/udp" : "")}' says more)");
        }

        var defaults = host.Sources.Where(s => s.Fallback is not null).ToList();
        if (defaults.Count == 1)
        {
            output.WriteLine(style.Warning($"  note: {HostText.Describe(defaults[0])}"));
        }
        else if (defaults.Count > 1)
        {
            output.WriteLine(style.Warning($"  note: {defaults.Count} of these settings are defaults because the OS did not say; 'portclass host' says why"));
        }

        output.WriteLine(style.Dim($"  ('portclass host' shows every setting and where it came from)"));
    }

    private static void WriteListening(TextWriter output, Styler style, PortReport report)
    {
        ListenerSection section = report.Listening;
        InUseSection inUse = report.InUse;
        output.WriteLine($"{style.Heading("In use now")} {style.Dim($"(source: {section.Source})")}");
        string what = report.RequestedTransport is { } t
            ? $"{report.Port}/{TransportNames.Format(t)}"
            : $"{report.Port}/tcp or {report.Port}/udp";
        if (section.Rows.Count == 0 && inUse.Rows.Count == 0 && inUse.TimeWait == 0)
        {
            output.WriteLine(section.IsComplete
                ? $"  nothing is using {what}"
                : $"  nothing found using {what}, but the list is incomplete (see below)");
        }
        else if (section.Rows.Count == 0)
        {
            output.WriteLine($"  nothing is listening on {what}");
        }
        else
        {
            ListenerTable.Write(output, style, section.Rows, service: false, indent: 2);
        }

        foreach (InUseRow row in inUse.Rows)
        {
            SocketEntry s = row.Socket;
            string remote = s.RemoteEndPoint?.ToString() ?? "*";
            string owner = SocketText.Owner(s);
            string transport = TransportNames.Format(s.Transport);
            output.WriteLine(row.Role switch
            {
                PortRole.EphemeralSource => $"  {transport} outgoing connection from {s.LocalEndPoint} to {remote} ({SocketText.Name(s.State)}), {owner}: {report.Port} is its ephemeral source port",
                PortRole.Local => $"  {transport} connection {s.LocalEndPoint} <-> {remote} ({SocketText.Name(s.State)}), {owner}",
                PortRole.Bound => $"  {transport} bound, not listening or connected: {s.LocalEndPoint}, {owner}",
                _ => $"  {transport} connection to port {report.Port}: {s.LocalEndPoint} -> {remote} ({SocketText.Name(s.State)}), {owner}",
            });
        }

        if (inUse.TimeWait > 0)
        {
            output.WriteLine($"  {inUse.TimeWait} closed connection(s) in TIME_WAIT on this port (no process; each holds its address pair for up to a minute)");
        }

        ListenerTable.WriteNotes(output, style, section, prefix: "  ");
    }

    private static string RoleName(PortRole role) => role switch
    {
        PortRole.EphemeralSource => "ephemeralSource",
        PortRole.Local => "local",
        PortRole.Bound => "bound",
        _ => "remote",
    };
}
