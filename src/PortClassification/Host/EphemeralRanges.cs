namespace PortClassification;

/// <summary>The ephemeral ranges of a host, per transport and IP version (only Windows sets them apart).</summary>
internal readonly record struct EphemeralRanges(PortInterval Tcp4, PortInterval Tcp6, PortInterval Udp4, PortInterval Udp6)
{
    internal static EphemeralRanges Same(PortInterval range) => new(range, range, range, range);
}
