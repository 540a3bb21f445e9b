using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Matches the port and address lists of Windows Firewall rules (<c>INetFwRule.LocalPorts</c>, <c>RemoteAddresses</c>):
/// <c>*</c>, comma-separated values, <c>a-b</c> ranges, subnets as <c>/prefix</c> or <c>/mask</c>. Keywords (<c>RPC</c>,
/// <c>LocalSubnet</c>, …) resolve at run time and give <see cref="Truth.Unknown"/>, as does anything not understood.
/// </summary>
internal static class WindowsPortList
{
    /// <summary>Determines whether a port list covers a port.</summary>
    public static Truth CoversPort(string? list, ushort port)
    {
        if (string.IsNullOrWhiteSpace(list) || list.Trim() == "*")
        {
            return Truth.True;
        }

        Truth result = Truth.False;
        foreach (string raw in list.Split(','))
        {
            string token = raw.Trim();
            int dash = token.IndexOf('-', StringComparison.Ordinal);
            ushort low, high;
            bool parsed;
            if (dash > 0)
            {
                parsed = TryPort(token.AsSpan(0, dash), out low) & TryPort(token.AsSpan(dash + 1), out high) && low <= high;
            }
            else
            {
                parsed = TryPort(token, out low);
                high = low;
            }

            if (!parsed)
            {
                result = Truth.Unknown; // a keyword such as RPC, RPC-EPMap, IPHTTPS, Teredo, Ply2Disc: ports chosen at run time
                continue;
            }

            if (port >= low && port <= high)
            {
                return Truth.True;
            }
        }

        return result;
    }

    private static bool TryPort(ReadOnlySpan<char> text, out ushort port) =>
        ushort.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port);

    /// <summary>Determines whether an address list covers an address (<see langword="null"/>: unknown address).</summary>
    public static Truth CoversAddress(string? list, IPAddress? address)
    {
        if (string.IsNullOrWhiteSpace(list) || list.Trim() == "*")
        {
            return Truth.True;
        }

        if (address is null)
        {
            return Truth.Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Truth result = Truth.False;
        foreach (string raw in list.Split(','))
        {
            Truth token = CoversOne(raw.Trim(), address);
            if (token == Truth.True)
            {
                return Truth.True;
            }

            if (token == Truth.Unknown)
            {
                result = Truth.Unknown;
            }
        }

        return result;
    }

    private static Truth CoversOne(string token, IPAddress address)
    {
        int slash = token.IndexOf('/', StringComparison.Ordinal);
        int dash = token.IndexOf('-', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(token.AsSpan(0, slash), out IPAddress? network))
        {
            ReadOnlySpan<char> suffix = token.AsSpan(slash + 1);
            int prefix;
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
            {
                prefix = bits;
            }
            else if (IPAddress.TryParse(suffix, out IPAddress? mask) && MaskLength(mask) is int length)
            {
                prefix = length;
            }
            else
            {
                return Truth.Unknown;
            }

            return network.AddressFamily != address.AddressFamily ? Truth.False
                : prefix < 0 || prefix > (network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) ? Truth.Unknown
                : new IPNetwork(Mask(network, prefix), prefix).Contains(address) ? Truth.True : Truth.False;
        }

        if (dash > 0 && IPAddress.TryParse(token.AsSpan(0, dash), out IPAddress? start) && IPAddress.TryParse(token.AsSpan(dash + 1), out IPAddress? end))
        {
            if (start.AddressFamily != address.AddressFamily || end.AddressFamily != address.AddressFamily)
            {
                return Truth.False;
            }

            byte[] a = address.GetAddressBytes();
            return a.AsSpan().SequenceCompareTo(start.GetAddressBytes()) >= 0 && a.AsSpan().SequenceCompareTo(end.GetAddressBytes()) <= 0 ? Truth.True : Truth.False;
        }

        if (IPAddress.TryParse(token, out IPAddress? single))
        {
            return single.Equals(address) ? Truth.True : Truth.False;
        }

        return Truth.Unknown; // LocalSubnet, DNS, DHCP, WINS, DefaultGateway, Internet, …
    }

    private static int? MaskLength(IPAddress mask)
    {
        int length = 0;
        bool ended = false;
        foreach (byte b in mask.GetAddressBytes())
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                bool set = (b & (1 << bit)) != 0;
                if (set && ended)
                {
                    return null; // not a contiguous mask
                }

                ended |= !set;
                length += set ? 1 : 0;
            }
        }

        return length;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= unchecked((byte)(0xFF << (8 - keep)));
        }

        return new IPAddress(bytes);
    }
}
