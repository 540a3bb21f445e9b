using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Net.Sockets;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;
using PortClassification.Tool.Input;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass list</c>: what is listening, like <c>ss -ltnup</c>, each port named.</summary>
internal static class ListCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var tcp = new Option<bool>("--tcp", "-t") { Description = "Only TCP listeners" };
        var udp = new Option<bool>("--udp", "-u") { Description = "Only UDP sockets (bound, unconnected)" };
        var ipv4 = new Option<bool>("--ipv4", "-4") { Description = "Only IPv4 sockets" };
        var ipv6 = new Option<bool>("--ipv6", "-6") { Description = "Only IPv6 sockets" };
        var port = new Option<PortNumber?>("--port", "-p") { Description = "Only this local port", HelpName = "port", CustomParser = Parsers.Port };
        var pid = new Option<int?>("--pid") { Description = "Only sockets owned by this process id", CustomParser = Parsers.ProcessId };
        var process = new Option<string?>("--process") { Description = "Only processes whose name contains this text (any case)", HelpName = "name" };
        var all = new Option<bool>("--all", "-a") { Description = "Every socket in every state (connections, TIME_WAIT, bound), like ss -tuan" };
        var state = new Option<string[]>("--state") { Description = "Only sockets in this state (listen, bound, established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, close-wait, closing, last-ack, time-wait, connected); implies --all", HelpName = "name", AllowMultipleArgumentsPerToken = false };
        var command = new Command("list", "List listening TCP sockets and bound UDP sockets, with owning processes and service names, sorted by transport and port; with --all, every socket.")
        {
            tcp, udp, ipv4, ipv6, port, pid, process, all, state,
        };
        command.SetAction(result =>
        {
            var filter = new ListFilter(
                Transport: Either(result.GetValue(tcp), result.GetValue(udp), Transport.Tcp, Transport.Udp),
                Family: Either(result.GetValue(ipv4), result.GetValue(ipv6), AddressFamily.InterNetwork, AddressFamily.InterNetworkV6),
                Port: result.GetValue(port),
                ProcessId: result.GetValue(pid),
                ProcessName: result.GetValue(process));
            string[] states = result.GetValue(state) ?? [];
            if (result.GetValue(all) || states.Length > 0)
            {
                return ListAll(context, result, states, filter);
            }

            ListenerSection section = Gather(context.Facts, filter);

            // An empty list from a source that knows it missed sockets (every table unreadable, say) is no answer:
            // "nothing is listening" would be a guess, so say so and fail.
            bool unanswered = section.Rows.Count == 0 && !section.IsComplete;
            int exitCode = unanswered ? ExitCodes.Failure : ExitCodes.Success;
            ListText.WriteListeners(context.Console, section, unanswered, filter.IsEmpty, context.WantsJson(result));
            return exitCode;
        });
        return command;
    }

    /// <summary>Lists the listeners that pass a filter.</summary>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="filter">The filter.</param>
    /// <returns>The listeners, sorted and annotated.</returns>
    public static ListenerSection Gather(IPortFacts facts, ListFilter filter)
    {
        var query = new ListenerQuery { Transport = filter.Transport, AddressFamily = filter.Family, Port = filter.Port };
        return ListenerRows.Build(facts.GetListeners(query), facts, l => query.Matches(l) && filter.MatchesOwner(l));
    }

    private static int ListAll(ToolContext context, ParseResult result, string[] stateNames, ListFilter filter)
    {
        var states = new List<SocketState>();
        foreach (string name in stateNames)
        {
            if (!SocketText.TryParse(name, out SocketState s))
            {
                throw new ToolException($"unknown state '{name}'; use one of: {string.Join(", ", SocketText.StateNames)}.", ExitCodes.Usage);
            }

            states.Add(s);
        }

        var query = new SocketQuery
        {
            Transport = filter.Transport,
            AddressFamily = filter.Family,
            LocalPort = filter.Port,
            States = states.Count == 0 ? null : states,
        };
        SocketSnapshot snapshot = context.Facts.GetSockets(query);
        SocketEntry[] rows = [.. snapshot
            .Where(s => (filter.ProcessId is null || s.ProcessId == filter.ProcessId)
                && (filter.ProcessName is null || (s.ProcessName?.Contains(filter.ProcessName, StringComparison.OrdinalIgnoreCase) ?? false)))
            .OrderBy(s => s.Transport).ThenBy(s => s.State).ThenBy(s => s.LocalEndPoint.Port).ThenBy(s => s.ToString(), StringComparer.Ordinal)];
        ListText.WriteSockets(context.Console, snapshot, rows, context.WantsJson(result));
        return ExitCodes.Success;
    }

    // Both flags or neither: no filter, as with ss.
    private static T? Either<T>(bool first, bool second, T a, T b)
        where T : struct => first == second ? null : first ? a : b;
}

/// <summary>The filters of <c>portclass list</c>.</summary>
/// <param name="Transport">Only this transport, or <see langword="null"/>.</param>
/// <param name="Family">Only this address family, or <see langword="null"/>.</param>
/// <param name="Port">Only this port, or <see langword="null"/>.</param>
/// <param name="ProcessId">Only this owner, or <see langword="null"/>.</param>
/// <param name="ProcessName">Only owners whose name contains this (any case), or <see langword="null"/>.</param>
internal sealed record ListFilter(Transport? Transport, AddressFamily? Family, PortNumber? Port, int? ProcessId, string? ProcessName)
{
    /// <summary>Gets a value indicating whether no filter is set.</summary>
    public bool IsEmpty => Transport is null && Family is null && Port is null && ProcessId is null && ProcessName is null;

    /// <summary>Determines whether a listener's owner passes the process filters.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns><see langword="true"/> if it passes.</returns>
    public bool MatchesOwner(Listener listener) =>
        (ProcessId is null || listener.ProcessId == ProcessId)
        && (ProcessName is null || (listener.ProcessName?.Contains(ProcessName, StringComparison.OrdinalIgnoreCase) ?? false));
}
