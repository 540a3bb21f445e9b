using System;

namespace PortClassification;

/// <summary>The lower-case transport names IANA's registry uses ("tcp", "udp", "sctp", "dccp").</summary>
internal static class TransportText
{
    internal static string Format(Transport? transport) => transport switch
    {
        null => "any",
        Transport.Tcp => "tcp",
        Transport.Udp => "udp",
        Transport.Sctp => "sctp",
        Transport.Dccp => "dccp",
        _ => ((int)transport.Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Parses IANA's protocol field; empty text means the record covers every transport.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out Transport? transport)
    {
        transport = null;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            transport = Transport.Tcp;
        }
        else if (text.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            transport = Transport.Udp;
        }
        else if (text.Equals("sctp", StringComparison.OrdinalIgnoreCase))
        {
            transport = Transport.Sctp;
        }
        else if (text.Equals("dccp", StringComparison.OrdinalIgnoreCase))
        {
            transport = Transport.Dccp;
        }
        else
        {
            return false;
        }

        return true;
    }
}
