using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass &lt;port&gt;</c> (or <c>portclass port &lt;port&gt;</c>): everything about one port.</summary>
internal static class PortCommand
{
    private static readonly Transport[] BothTransports = [Transport.Tcp, Transport.Udp];

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var port = new Argument<PortSpec>("port")
        {
            Description = "The port, optionally with its transport: 60400, 60400/udp, 443/tcp",
            CustomParser = Parsers.PortSpec,
        };
        var sources = new Option<bool>("--sources")
        {
            Description = "Show the source (documentation or source file) of each known use; JSON always has it",
        };
        var command = new Command(
            "port",
            "Explain a port: IANA range and registry, known uses, this host's settings for it, and what is listening on it now. " +
            "'portclass 60400' is short for 'portclass port 60400'.")
        {
            port,
            sources,
        };
        command.SetAction(result =>
        {
            PortReport report = Gather(context.Facts, result.GetValue(port));
            context.Render(result, o => PortReportWriter.WriteJson(o, report), (o, style) => PortReportWriter.WriteText(o, style, report, result.GetValue(sources)));

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Collects the facts about a port.</summary>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="spec">The port and the transport asked about.</param>
    /// <returns>The report.</returns>
    public static PortReport Gather(IPortFacts facts, PortSpec spec)
    {
        HostFacts host = facts.ReadHost();
        Transport[] transports = spec.Transport is { } only ? [only] : BothTransports;
        var perTransport = new List<PortTransportFacts>(transports.Length);
        foreach (Transport transport in transports)
        {
            TransportHostFacts settings = host.For(transport);
            perTransport.Add(new PortTransportFacts(
                transport,
                facts.GetStatus(spec.Port, transport),
                settings.EphemeralRange.Contains(spec.Port),
                settings.EphemeralRange,
                settings.ReservedIntervalOf(spec.Port)));
        }

        SocketSnapshot sockets;
        try
        {
            sockets = facts.FindSockets(spec.Port);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Everything else this command shows is still true: report the gap instead of failing.
            sockets = new SocketSnapshot([], "none", isComplete: false, [$"Sockets could not be listed: {e.Message}"]);
        }

        // The listeners are the listening slice of the same snapshot: one read of the OS.
        var snapshot = new ListenerSnapshot(
            [.. sockets.Where(s => s.IsListener).Select(s => new Listener(s.Transport, s.LocalEndPoint, s.ProcessId, s.ProcessName, s.UserId, s.SocketInode))],
            sockets.ReaderName,
            sockets.IsComplete,
            sockets.Warnings);

        ListenerSection listening = ListenerRows.Build(
            snapshot,
            facts,
            l => l.Port == spec.Port && (spec.Transport is null || l.Transport == spec.Transport));
        IReadOnlyList<ServiceInfo> services = MostRelevantFirst(facts.Lookup(spec.Port, spec.Transport));
        (List<ServiceInfo> hostServices, string? hostNote) = HostNames(facts, spec, services);
        return new PortReport(
            spec.Port,
            spec.Transport,
            facts.RegistryDate,
            perTransport,
            services,
            host,
            listening,
            Related(facts, spec.Port, services),
            hostServices,
            hostNote,
            InUse(sockets, spec, perTransport))
        {
            HostServicesPath = facts.HostServicesPath,
            Bind = Bindable(facts, spec),
            Firewall = [.. transports.Select(t => facts.CheckFirewall(spec.Port, t, null))],
        };
    }

    // IANA's entries keep their place; among known uses, those for this OS come first, then single ports before
    // ranges (narrowest first): on Linux, CERTI's 60400 before Windows' whole dynamic range. Otherwise the
    // curated order (most widely met first) stands, as the sort is stable.
    private static List<ServiceInfo> MostRelevantFirst(IReadOnlyList<ServiceInfo> services) =>
        [.. services.OrderBy(s => s.Origin == ServiceKind.KnownUse ? 1 : 0)
            .ThenBy(s => s.Origin == ServiceKind.KnownUse && !ListenerRows.AppliesToThisOs(s) ? 1 : 0)
            .ThenBy(s => s.Origin == ServiceKind.KnownUse ? s.Ports.Count : 0)];

    // The host's services-file names that the registry does not know on this port under any name or alias.
    private static (List<ServiceInfo> Differing, string? Note) HostNames(IPortFacts facts, PortSpec spec, IReadOnlyList<ServiceInfo> services)
    {
        IReadOnlyList<ServiceInfo> host;
        try
        {
            host = facts.HostServices(spec.Port, spec.Transport);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return ([], $"{facts.HostServicesPath} could not be read: {e.Message}");
        }

        var differing = new List<ServiceInfo>();
        foreach (ServiceInfo entry in host)
        {
            bool known = false;
            foreach (ServiceInfo service in services)
            {
                if ((service.Transport is null || service.Transport == entry.Transport) &&
                    (Named(service, entry.Name) || entry.Aliases.Any(a => Named(service, a))))
                {
                    known = true;
                    break;
                }
            }

            if (!known)
            {
                differing.Add(entry);
            }
        }

        return (differing, null);

        static bool Named(ServiceInfo service, string name) =>
            string.Equals(service.Name, name, StringComparison.OrdinalIgnoreCase) ||
            service.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    // One verdict, for the address servers bind most: every IPv4 address.
    private static BindReport? Bindable(IPortFacts facts, PortSpec spec)
    {
        try
        {
            return facts.DiagnoseBind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, spec.Port.Value), spec.Transport ?? Transport.Tcp);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Everything else this command shows is still true: leave the line out rather than fail.
            return null;
        }
    }

    /// <summary>Sorts the port's non-listening sockets by what the port is to them; TIME_WAIT is only counted.</summary>
    internal static InUseSection InUse(SocketSnapshot sockets, PortSpec spec, IReadOnlyList<PortTransportFacts> transports)
    {
        var rows = new List<InUseRow>();
        int timeWait = 0;
        foreach (SocketEntry socket in sockets)
        {
            if (socket.IsListener || (spec.Transport is { } t && socket.Transport != t))
            {
                continue;
            }

            if (socket.State == SocketState.TimeWait)
            {
                timeWait++;
                continue;
            }

            PortRole role;
            if (socket.LocalPort == spec.Port)
            {
                bool listened = sockets.Any(l => l.IsListener && l.Transport == socket.Transport && l.LocalPort == spec.Port);
                bool ephemeral = transports.Any(f => f.Transport == socket.Transport && f.Ephemeral);
                role = socket.RemoteEndPoint is null ? PortRole.Bound : !listened && ephemeral ? PortRole.EphemeralSource : PortRole.Local;
            }
            else
            {
                role = PortRole.Remote;
            }

            rows.Add(new InUseRow(socket, role));
        }

        rows.Sort(static (a, b) => a.Role != b.Role ? a.Role.CompareTo(b.Role) : string.CompareOrdinal(a.Socket.ToString(), b.Socket.ToString()));
        return new InUseSection(sockets.ReaderName, sockets.IsComplete, sockets.Warnings, rows, timeWait);
    }

    /// <summary>The most related entries shown: a service with a port per feature would drown the report.</summary>
    internal const int RelatedLimit = 8;

    // The same services' other ports: a newcomer to 60400 learns that CERTI also takes 60500/udp.
    private static List<ServiceInfo> Related(IPortFacts facts, PortNumber port, IReadOnlyList<ServiceInfo> services)
    {
        var related = new List<ServiceInfo>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ServiceInfo service in services)
        {
            if (!names.Add(service.Name))
            {
                continue;
            }

            foreach (ServiceInfo other in facts.FindByName(service.Name))
            {
                if (!other.Ports.Contains(port) && related.Count < RelatedLimit && !related.Contains(other))
                {
                    related.Add(other);
                }
            }
        }

        return related;
    }
}
