using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using PortClassification.Tool.Facts;

namespace PortClassification.Tool.Reports;

/// <summary>Turns a listener snapshot into the rows the tool shows: annotated, sorted, owners counted.</summary>
internal static class ListenerRows
{
    /// <summary>Builds a section from a snapshot.</summary>
    /// <param name="snapshot">The listeners.</param>
    /// <param name="facts">Where service names come from.</param>
    /// <param name="keep">Which listeners to keep, or <see langword="null"/> for all.</param>
    /// <returns>The section, rows sorted by transport, port, address family, address and process id.</returns>
    public static ListenerSection Build(ListenerSnapshot snapshot, IPortFacts facts, Func<Listener, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(facts);
        var rows = new List<ListenerRow>(snapshot.Count);
        int hidden = 0;
        foreach (Listener listener in snapshot)
        {
            if (keep is not null && !keep(listener))
            {
                continue;
            }

            rows.Add(new ListenerRow(listener, BestKnownService(facts.Lookup(listener.Port, listener.Transport))));
            if (listener.ProcessId is null)
            {
                hidden++;
            }
        }

        rows.Sort(Compare);
        return new ListenerSection(snapshot.ReaderName, snapshot.IsComplete, snapshot.Warnings, rows, hidden, facts.IsPrivilegedProcess);
    }

    /// <summary>Picks the name to show beside a port: an IANA assignment of that very port, then a known use, then a range; never a known use of another OS.</summary>
    /// <param name="services">The services known on the port.</param>
    /// <returns>The name, or <see langword="null"/> when there is none.</returns>
    public static string? BestKnownService(IReadOnlyList<ServiceInfo> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ServiceInfo? best = null;
        int bestRank = int.MaxValue;
        foreach (ServiceInfo service in services)
        {
            // macOS's AirPlay Receiver does not name a port on Linux.
            if (!AppliesToThisOs(service))
            {
                continue;
            }

            int rank = (service.IsSinglePort ? 0 : 3) + service.Origin switch
            {
                ServiceKind.User => 0,
                ServiceKind.Iana => 1,
                _ => 2,
            };
            if (rank < bestRank)
            {
                (best, bestRank) = (service, rank);
            }
        }

        return best?.Name;
    }

    /// <summary>Determines whether a service entry applies on the running OS (entries without platforms apply everywhere).</summary>
    internal static bool AppliesToThisOs(ServiceInfo service) =>
        service.Platforms is not { } platforms ||
        (OperatingSystem.IsLinux() && platforms.Contains("linux")) ||
        (OperatingSystem.IsMacOS() && platforms.Contains("macos")) ||
        (OperatingSystem.IsWindows() && platforms.Contains("windows")) ||
        !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows());

    private static int Compare(ListenerRow x, ListenerRow y)
    {
        Listener a = x.Listener, b = y.Listener;
        int c = a.Transport.CompareTo(b.Transport);
        if (c == 0)
        {
            c = a.Port.CompareTo(b.Port);
        }

        if (c == 0)
        {
            c = CompareAddresses(a.LocalEndPoint.Address, b.LocalEndPoint.Address);
        }

        if (c == 0)
        {
            c = (a.ProcessId ?? int.MaxValue).CompareTo(b.ProcessId ?? int.MaxValue);
        }

        return c;
    }

    // IPv4 before IPv6, then byte order; without allocating, as thousands of rows may be sorted.
    private static int CompareAddresses(IPAddress a, IPAddress b)
    {
        int c = Family(a).CompareTo(Family(b));
        if (c != 0)
        {
            return c;
        }

        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out int xLength);
        b.TryWriteBytes(y, out int yLength);
        c = x[..xLength].SequenceCompareTo(y[..yLength]);
        return c != 0 || a.AddressFamily != AddressFamily.InterNetworkV6 ? c : a.ScopeId.CompareTo(b.ScopeId);

        static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1;
    }
}
