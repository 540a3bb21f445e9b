using System;
using System.Collections.Generic;
using System.Net.Sockets;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>The sentences that explain host settings, shared by <c>portclass &lt;port&gt;</c> and <c>portclass host</c>.</summary>
internal static class HostText
{
    /// <summary>Groups transports whose facts read the same, so the text names them once: "tcp and udp", or "tcp,udp" in a table.</summary>
    /// <typeparam name="T">The facts of one transport.</typeparam>
    /// <param name="items">The facts per transport.</param>
    /// <param name="transport">Gets the transport the facts are for.</param>
    /// <param name="same">Determines whether two transports' facts read the same.</param>
    /// <param name="separator">Joins the names of a group's transports.</param>
    /// <returns>Each group's label and the facts of its first transport.</returns>
    public static List<(string Transports, T Facts)> GroupAlike<T>(IReadOnlyList<T> items, Func<T, Transport> transport, Func<T, T, bool> same, string separator)
    {
        var groups = new List<(string Transports, T Facts)>();
        foreach (T facts in items)
        {
            int index = groups.FindIndex(g => same(g.Facts, facts));
            string name = TransportNames.Format(transport(facts));
            if (index >= 0)
            {
                groups[index] = (groups[index].Transports + separator + name, groups[index].Facts);
            }
            else
            {
                groups.Add((name, facts));
            }
        }

        return groups;
    }

    /// <summary>Says what reserved ports mean on an OS.</summary>
    /// <param name="operatingSystem">The OS name.</param>
    /// <returns>A sentence fragment about "them".</returns>
    public static string ReservedMeaning(string operatingSystem) => operatingSystem switch
    {
        "linux" => "the kernel keeps them out of bind(0) and outgoing connections; servers may still bind them",
        "windows" => "excluded ranges (Hyper-V, WinNAT, Docker): binding them fails with WSAEACCES (10013)",
        _ => "the OS keeps them out of automatic assignment",
    };

    /// <summary>Says who may bind privileged ports, and whether a port is one.</summary>
    /// <param name="host">The host.</param>
    /// <returns>A clause.</returns>
    public static string PrivilegeMeaning(HostFacts host)
    {
        int start = host.UnprivilegedPortStart.Value;
        string who = host.OperatingSystem switch
        {
            "linux" => "root or CAP_NET_BIND_SERVICE",
            "macos" => "root, except on the wildcard address (macOS 10.14 and later)",
            _ => "root",
        };
        return start == 0 ? "no port is privileged on this host" : $"ports below {start} need {who} to bind";
    }

    /// <summary>Describes where a setting came from, in one line.</summary>
    /// <param name="source">The source.</param>
    /// <returns>The line.</returns>
    public static string Describe(HostSourceInfo source)
    {
        string scope = (source.Transport, source.AddressFamily) switch
        {
            (null, null) => string.Empty,
            ({ } t, null) => $" ({TransportNames.Format(t)})",
            (null, { } f) => $" ({Family(f)})",
            ({ } t, { } f) => $" ({TransportNames.Format(t)}, {Family(f)})",
        };
        string value = source.Value.Length == 0 ? "(none)" : source.Value;
        if (source.Fallback is null)
        {
            string location = source.Location.Length == 0 ? string.Empty : " " + source.Location;
            return $"{source.Setting}{scope} = {value}, from {source.Origin}{location}{(source.Reason is null ? string.Empty : $" ({source.Reason})")}";
        }

        string why = source.Fallback switch
        {
            "absent" => "does not exist",
            "unreadable" => "could not be read",
            "malformed" => "gave unexpected data",
            "unsupportedPlatform" => "is not supported on this OS",
            _ => source.Fallback,
        };
        return $"{source.Setting}{scope} = {value}, a default because {source.Location} {why}{(source.Reason is null ? "." : $": {source.Reason}")}";
    }

    private static string Family(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";
}
