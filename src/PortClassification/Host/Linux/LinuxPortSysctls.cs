using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// Parses the Linux port sysctls as <c>/proc/sys/net/ipv4/</c> shows them. Pure: bytes in, value or
/// <see cref="FormatException"/> out, so fixtures test it on any OS.
/// </summary>
/// <remarks>
/// Leading and trailing ASCII white space (the kernel ends each value with <c>'\n'</c>) is ignored.
/// Formats, from the kernel's <c>proc_dointvec</c> and <c>proc_do_large_bitmap</c>:
/// <c>ip_local_port_range</c> is two integers from 1 to 65535, the first not above the second, separated by a tab
/// (<c>"32768\t60999\n"</c>);
/// <c>ip_local_reserved_ports</c> is a comma-separated list of ports and <c>first-last</c> ranges, or
/// empty; <c>ip_unprivileged_port_start</c> is one integer.
/// </remarks>
internal static class LinuxPortSysctls
{
    internal static PortInterval ParseLocalPortRange(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> value = TrimWhiteSpace(text);
        int separator = value.IndexOfAny((byte)'\t', (byte)' ');
        if (separator < 0 ||
            !PortText.TryParse(value[..separator], out ushort first) ||
            !PortText.TryParse(TrimWhiteSpace(value[separator..]), out ushort last) ||
            first == 0 ||
            first > last)
        {
            // The kernel refuses a first port of 0 and a first above the last (ip_local_port_range_min = {1, 1},
            // range[1] < range[0] is EINVAL in net/ipv4/sysctl_net_ipv4.c), so such text never came from it.
            throw new FormatException("ip_local_port_range must be two port numbers from 1 to 65535 separated by white space, the first not greater than the second.");
        }

        return new PortInterval(first, last);
    }

    internal static PortInterval[] ParseReservedPorts(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> value = TrimWhiteSpace(text);
        var intervals = new List<PortInterval>();
        if (value.IsEmpty)
        {
            return [];
        }

        while (true)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> item = comma < 0 ? value : value[..comma];
            if (!PortInterval.TryParse(item, out PortInterval interval))
            {
                throw new FormatException("ip_local_reserved_ports must be a comma-separated list of port numbers and first-last ranges.");
            }

            intervals.Add(interval);
            if (comma < 0)
            {
                break;
            }

            value = value[(comma + 1)..];
        }

        return PortIntervalList.Normalize(intervals);
    }

    internal static PortNumber ParseUnprivilegedPortStart(ReadOnlySpan<byte> text)
    {
        if (!PortText.TryParse(TrimWhiteSpace(text), out ushort port))
        {
            throw new FormatException("ip_unprivileged_port_start must be one port number.");
        }

        return port;
    }

    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8);
}
