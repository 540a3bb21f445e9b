using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Net;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass firewall [&lt;port&gt;]</c>: would the host firewall accept a new inbound connection, and by which rule.</summary>
internal static class FirewallCommand
{
    /// <summary>The most listening ports checked when no port is given.</summary>
    internal const int ListenerLimit = 64;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var port = new Argument<PortSpec?>("port")
        {
            Description = "The port, optionally with its transport (8080, 53/udp); without it, every port something listens on",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result => result.Tokens.Count == 0 ? null : Parsers.PortSpec(result),
        };
        var from = new Option<IPAddress?>("--from")
        {
            Description = "The remote address to assume (its family selects IPv4 or IPv6); by default any other host",
            HelpName = "address",
            CustomParser = ParseAddress,
        };
        var command = new Command(
            "firewall",
            "Show whether the host firewall (nftables, Windows Defender Firewall, the macOS application firewall) accepts a new inbound " +
            "connection to a port, the rules that decide it, and what was not evaluated. Reading nftables needs root.")
        {
            port, from,
        };
        command.SetAction(result =>
        {
            IReadOnlyList<FirewallFacts> verdicts = Gather(context.Facts, result.GetValue(port), result.GetValue(from));
            context.Render(result, o => FirewallText.WriteDocument(o, verdicts), (o, style) => FirewallText.WriteFull(o, style, verdicts));

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Checks one port (both transports unless one is given), or every listening port.</summary>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="spec">The port, or <see langword="null"/> for the listening ports.</param>
    /// <param name="from">The remote address, or <see langword="null"/>.</param>
    /// <returns>One verdict per port and transport.</returns>
    public static IReadOnlyList<FirewallFacts> Gather(IPortFacts facts, PortSpec? spec, IPAddress? from)
    {
        IEnumerable<(PortNumber Port, Transport Transport)> targets;
        if (spec is { } s)
        {
            targets = s.Transport is { } t ? [(s.Port, t)] : [(s.Port, Transport.Tcp), (s.Port, Transport.Udp)];
        }
        else
        {
            targets = facts.GetListeners(new ListenerQuery())
                .Select(l => (l.Port, l.Transport))
                .Distinct()
                .OrderBy(x => x.Transport).ThenBy(x => x.Port.Value)
                .Take(ListenerLimit)
                .ToList();
        }

        return [.. targets.Select(x => facts.CheckFirewall(x.Port, x.Transport, from))];
    }

    private static IPAddress? ParseAddress(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (IPAddress.TryParse(text, out IPAddress? address))
        {
            return address;
        }

        result.AddError($"'{text}' is not an IP address (for example 192.0.2.10 or 2001:db8::10).");
        return null;
    }
}
