using System;

namespace PortClassification.Tool.Output;

/// <summary>The tool's names for transports: lower case, as in <c>/etc/services</c> and the JSON output.</summary>
internal static class TransportNames
{
    /// <summary>Gets the lower-case name of a transport.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns><c>tcp</c>, <c>udp</c>, <c>sctp</c> or <c>dccp</c>.</returns>
    public static string Format(Transport transport) => transport switch
    {
        Transport.Tcp => "tcp",
        Transport.Udp => "udp",
        Transport.Sctp => "sctp",
        Transport.Dccp => "dccp",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    /// <summary>Gets the name of a transport, or <c>any</c> for an entry that applies to every transport.</summary>
    /// <param name="transport">The transport, or <see langword="null"/>.</param>
    /// <returns>The name.</returns>
    public static string Format(Transport? transport) => transport is { } t ? Format(t) : "any";
}
