using System;
using System.Collections.Generic;
using System.Net.Sockets;
using PortClassification.Tool.Input;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>The sentences that explain host settings, shared by <c>portclass &lt;port&gt;</c> and <c>portclass host</c>.</summary>
internal static class HostText
{
    /// <summary>Groups transports whose facts read the same, so the text says "tcp and udp" once.</summary>
    /// <typeparam name="TKey">What must be equal for two transports to share a line.</typeparam>
    /// <param name="transports">The facts per transport.</param>
    /// <param name="key">Selects what the line says.</param>
    /// <returns>Each group's label (<c>tcp and udp</c>) and the facts of its first transport.</returns>
    public static List<(string Transports, PortTransportFacts Facts)> GroupAlike<TKey>(IReadOnlyList<PortTransportFacts> transports, Func<PortTransportFacts, TKey> key)
    {
        var groups = new List<(string Transports, PortTransportFacts Facts)>();
        foreach (PortTransportFacts facts in transports)
        {
            int same = groups.FindIndex(g => EqualityComparer<TKey>.Default.Equals(key(g.Facts), key(facts)));
            string name = TransportNames.Format(facts.Transport);
            if (same >= 0)
            {
                groups[same] = (groups[same].Transports + " and " + name, groups[same].Facts);
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
