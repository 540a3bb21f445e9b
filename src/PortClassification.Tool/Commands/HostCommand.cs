using System.CommandLine;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass host</c>: this host's ephemeral range, reserved ports and privileged limit, and where each came from.</summary>
internal static class HostCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var command = new Command("host", "Show this host's ephemeral port range, reserved or excluded ports and privileged ports, and where each value came from.");
        command.SetAction(result =>
        {
            HostFacts host = context.Facts.ReadHost();
            context.Render(result, o => HostReportWriter.WriteJson(o, host), (o, style) => HostReportWriter.WriteText(o, style, host));

            return ExitCodes.Success;
        });
        return command;
    }
}
