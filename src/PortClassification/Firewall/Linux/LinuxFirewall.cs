using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>Reads nftables over netlink and the legacy iptables table names, then evaluates (<see cref="NftVerdicts"/>).</summary>
[SupportedOSPlatform("linux")]
internal static class LinuxFirewall
{
    public static FirewallReport Check(PortNumber port, Transport transport, IPAddress? from)
    {
        NftRuleset ruleset;
        try
        {
            int errno = NftNetlinkReader.TryRead(out byte[] messages);
            if (errno != 0)
            {
                return FirewallReport.Unknown(port, transport, from, NftVerdicts.Source, Reason(errno));
            }

            ruleset = NftMessageParser.Parse(messages);
        }
        catch (FormatException e)
        {
            return FirewallReport.Unknown(port, transport, from, NftVerdicts.Source, "The kernel's nftables dump could not be parsed: " + e.Message);
        }

        return NftVerdicts.Report(ruleset, port, transport, from, LegacyTables());
    }

    /// <summary>Explains why the ruleset could not be read.</summary>
    internal static string Reason(int errno) => errno switch
    {
        Interop.Errno.EPERM or Interop.Errno.EACCES => "Reading the firewall needs root (CAP_NET_ADMIN); the kernel refused the nftables dump.",
        Interop.Errno.EPROTONOSUPPORT or Interop.Errno.EAFNOSUPPORT => "This kernel or sandbox offers no netfilter netlink, so nftables cannot be read.",
        Interop.Errno.EINTR => "The nftables ruleset kept changing while it was read.",
        Interop.Errno.EAGAIN => "The kernel did not answer the nftables dump in time.",
        _ => $"Reading nftables failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).",
    };

    /// <summary>
    /// Lists legacy (x_tables) tables of this network namespace from <c>ip_tables_names</c> and <c>ip6_tables_names</c>
    /// (mode 0440 root). Only the names are read: asking the kernel for a table by name would create it. The files are
    /// read under <c>/proc/thread-self/net</c>, the calling thread's namespace, which is the one netlink answers for
    /// (<c>/proc/net</c> follows the process's main thread); <c>/proc/net</c> only on kernels before 3.17.
    /// </summary>
    internal static IReadOnlyList<string> LegacyTables()
    {
        var tables = new List<string>();
        string directory = Directory.Exists("/proc/thread-self/net") ? "/proc/thread-self/net" : "/proc/net";
        foreach ((string name, string family) in (ReadOnlySpan<(string, string)>)[("ip_tables_names", "ip"), ("ip6_tables_names", "ip6")])
        {
            string file = Path.Combine(directory, name);
            try
            {
                foreach (string line in File.ReadAllLines(file))
                {
                    if (line.Trim() is { Length: > 0 } table)
                    {
                        tables.Add($"{family} {table}");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Absent when the ip_tables code is not loaded: no legacy tables.
            }
        }

        return tables;
    }
}
