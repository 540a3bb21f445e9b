using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Net.Sockets;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
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
            string[] states = result.GetValue(state) ?? [];
            if (result.GetValue(all) || states.Length > 0)
            {
                return ListAll(context, result, states, new ListFilter(
                    Either(result.GetValue(tcp), result.GetValue(udp), Transport.Tcp, Transport.Udp),
                    Either(result.GetValue(ipv4), result.GetValue(ipv6), AddressFamily.InterNetwork, AddressFamily.InterNetworkV6),
                    result.GetValue(port),
                    result.GetValue(pid),
                    result.GetValue(process)));
            }

            var filter = new ListFilter(
                Transport: Either(result.GetValue(tcp), result.GetValue(udp), Transport.Tcp, Transport.Udp),
                Family: Either(result.GetValue(ipv4), result.GetValue(ipv6), AddressFamily.InterNetwork, AddressFamily.InterNetworkV6),
                Port: result.GetValue(port),
                ProcessId: result.GetValue(pid),
                ProcessName: result.GetValue(process));
            ListenerSection section = Gather(context.Facts, filter);

            // An empty list from a source that knows it missed sockets (every table unreadable, say) is no answer:
            // "nothing is listening" would be a guess, so say so and fail.
            bool unanswered = section.Rows.Count == 0 && !section.IsComplete;
            int exitCode = unanswered ? ExitCodes.Failure : ExitCodes.Success;
            if (context.WantsJson(result))
            {
                Json.WriteDocument(context.Console.Out, w => Json.WriteListenerSectionProperties(w, section));
                return exitCode;
            }

            if (section.Rows.Count > 0)
            {
                ListenerTable.Write(context.Console.Out, context.Console.Style, section.Rows, service: true, indent: 0);
                context.Console.Out.Flush();
            }
            else
            {
                context.Console.Error.WriteLine(
                    unanswered ? "portclass: no listener found, but the list is incomplete: the warnings below say what could not be read"
                    : filter.IsEmpty ? "portclass: nothing is listening"
                    : "portclass: no listener matches");
            }

            // Notes go to standard error so that the table stays clean for scripts.
            ListenerTable.WriteNotes(context.Console.Error, Styler.Plain, section, prefix: "portclass: ");
            context.Console.Error.Flush();
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
        if (context.WantsJson(result))
        {
            Json.WriteDocument(context.Console.Out, w =>
            {
                w.WriteString("source", snapshot.ReaderName);
                w.WriteBoolean("complete", snapshot.IsComplete);
                w.WriteStartArray("warnings");
                foreach (string warning in snapshot.Warnings)
                {
                    w.WriteStringValue(warning);
                }

                w.WriteEndArray();
                w.WriteStartArray("sockets");
                foreach (SocketEntry socket in rows)
                {
                    SocketText.WriteJson(w, socket);
                }

                w.WriteEndArray();
            });
            return ExitCodes.Success;
        }

        foreach (SocketEntry socket in rows)
        {
            SocketText.WriteLine(context.Console.Out, socket, string.Empty);
        }

        context.Console.Out.Flush();
        if (rows.Length == 0)
        {
            context.Console.Error.WriteLine("portclass: no socket matches");
        }

        foreach (string warning in snapshot.Warnings)
        {
            context.Console.Error.WriteLine($"portclass: {warning}");
        }

        context.Console.Error.Flush();
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
