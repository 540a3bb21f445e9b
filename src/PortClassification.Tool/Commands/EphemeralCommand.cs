using System.CommandLine;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass ephemeral</c>: how full this host's ephemeral port range is, per destination.</summary>
internal static class EphemeralCommand
{
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
            context.Render(result, o => EphemeralReportWriter.WriteJson(o, usage), (o, style) => EphemeralReportWriter.WriteText(o, style, usage));

            return ExitCodes.Success;
        });
        return command;
    }
}
