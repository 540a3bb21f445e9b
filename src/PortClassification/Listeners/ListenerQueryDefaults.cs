namespace PortClassification;

/// <summary>The query a source uses when its caller passes none.</summary>
internal static class ListenerQueryDefaults
{
    /// <summary>Gets the query that lists every TCP and UDP listener and names their processes; immutable, so shared.</summary>
    internal static ListenerQuery Everything { get; } = new();
}
