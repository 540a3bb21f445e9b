namespace PortClassification;

/// <summary>The query a socket source uses when its caller passes none.</summary>
internal static class SocketQueryDefaults
{
    /// <summary>Gets the query that lists every TCP and UDP socket in every state and names their processes; immutable, so shared.</summary>
    internal static SocketQuery Everything { get; } = new();
}
