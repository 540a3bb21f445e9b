using System.CommandLine;
using System.Linq;
using System.CommandLine.Parsing;
using System.Net;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass why &lt;port&gt;[/udp] [--address A]</c>: can this port be bound now, and if not, why not.</summary>
internal static class WhyCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var port = new Argument<PortSpec>("port")
        {
            Description = "The port, TCP unless followed by /udp: 8080, 5353/udp",
            CustomParser = Parsers.PortSpec,
        };
        var address = new Option<IPAddress?>("--address", "-a")
        {
            Description = "The address to bind: 127.0.0.1, ::1, [::] (default 0.0.0.0, every IPv4 address)",
            HelpName = "address",
            CustomParser = ParseAddress,
        };
        var command = new Command(
            "why",
            "Explain why a port cannot be bound: tries the bind for real (without and with SO_REUSEADDR; never listens, " +
            "closes at once) and names the cause (a listener, a bound socket, TIME_WAIT, a wildcard or dual-stack socket, " +
            "a privileged port, a Windows excluded range, a missing address) with its process and a fix. " +
            "Exit code 0 when the port can be bound now, 1 when not.")
        {
            port,
            address,
        };
        command.SetAction(result =>
        {
            PortSpec spec = result.GetValue(port);
            var endPoint = new IPEndPoint(result.GetValue(address) ?? IPAddress.Any, spec.Port.Value);
            BindReport report = context.Facts.DiagnoseBind(endPoint, spec.Transport ?? Transport.Tcp);
            context.Render(result, o => WhyReportWriter.WriteJson(o, report), (o, style) => WhyReportWriter.WriteText(o, style, report));

            return report.CanBind ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Parses an IPv4 or IPv6 address; IPv6 may be written in brackets (<c>[::1]</c>), as in an end point.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <returns>The address, or <see langword="null"/> after adding an error.</returns>
    internal static IPAddress? ParseAddress(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        string bare = text.Length > 2 && text[0] == '[' && text[^1] == ']' ? text[1..^1] : text;
        if ((bare.Contains(':', System.StringComparison.Ordinal) || bare.Count(c => c == '.') == 3) && IPAddress.TryParse(bare, out IPAddress? parsed))
        {
            return parsed;
        }

        result.AddError($"'{text}' is not an IP address: expected an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1.");
        return null;
    }
}
