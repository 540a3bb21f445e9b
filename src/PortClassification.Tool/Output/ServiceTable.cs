using System.Collections.Generic;
using System.IO;
using PortClassification.Tool.Input;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>Writes service entries as aligned columns.</summary>
internal static class ServiceTable
{
    /// <summary>Writes the entries under a header.</summary>
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
                (Names.Of(service.Origin), service.Origin == ServiceKind.Iana ? TextStyle.None : TextStyle.Warning),
                (service.Description.Length > 0 ? service.Description : "-", TextStyle.None));
        }

        table.Write(output, style);
    }
}
