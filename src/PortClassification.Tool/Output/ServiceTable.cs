using System.Collections.Generic;
using System.IO;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>Writes service entries as aligned columns: the table of <c>portclass lookup</c> and the one of <c>portclass &lt;port&gt;</c>.</summary>
internal static class ServiceTable
{
    /// <summary>Writes the entries under a header, the port and the transport in columns of their own (<c>portclass lookup</c>).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="services">The entries.</param>
    public static void Write(TextWriter output, Styler style, IReadOnlyList<ServiceInfo> services)
    {
        var table = new TextTable("NAME", ">PORT", "PROTO", "ORIGIN", "DESCRIPTION");
        foreach (ServiceInfo service in services)
        {
            table.Add(
                (service.Name, TextStyle.Accent),
                (service.Ports.ToString(), TextStyle.None),
                (TransportNames.Format(service.Transport), TextStyle.None),
                (Names.Of(service.Origin), OriginStyle(service)),
                (Description(service), TextStyle.None));
        }

        table.Write(output, style);
    }

    /// <summary>Renders the entries without a header, indented, one line per entry (<c>portclass &lt;port&gt;</c> writes details under each).</summary>
    /// <param name="style">Applies colour.</param>
    /// <param name="services">The entries.</param>
    /// <returns>One line per entry, in order.</returns>
    public static List<string> RenderForPort(Styler style, IReadOnlyList<ServiceInfo> services)
    {
        var table = new TextTable("NAME", "PORT", "ORIGIN", "DESCRIPTION");
        foreach (ServiceInfo service in services)
        {
            table.Add(
                (service.Name, TextStyle.Accent),
                (PortText(service), TextStyle.None),
                (OriginText(service), OriginStyle(service)),
                (Description(service), TextStyle.None));
        }

        return table.Render(style, indent: 2, header: false);
    }

    /// <summary>Gets an entry's ports and transport: <c>60400/tcp</c>, <c>6000-6063/any</c>.</summary>
    /// <param name="service">The entry.</param>
    /// <returns>The text.</returns>
    public static string PortText(ServiceInfo service) => $"{service.Ports}/{TransportNames.Format(service.Transport)}";

    // "known use (macos)": the origin with the platforms an entry is limited to.
    private static string OriginText(ServiceInfo service) => service.Origin switch
    {
        ServiceKind.Iana => "IANA",
        ServiceKind.KnownUse => service.Platforms is { Count: > 0 } platforms ? $"known use ({string.Join(", ", platforms)})" : "known use",
        ServiceKind.Host => "this host",
        _ => Names.Of(service.Origin),
    };

    private static TextStyle OriginStyle(ServiceInfo service) => service.Origin == ServiceKind.Iana ? TextStyle.None : TextStyle.Warning;

    private static string Description(ServiceInfo service) => service.Description.Length > 0 ? service.Description : "-";
}
