using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// One cause of a failed bind, or one warning about a port that binds, in a <see cref="BindReport"/>.
/// </summary>
/// <remarks>
/// <see cref="Sockets"/> lists the sockets that decided the finding, with their processes where this user may see
/// them; a socket whose owner is unknown carries its user id (Linux) instead, and <see cref="Summary"/> says that the
/// owner is hidden rather than guessing one. Instances are immutable and thread-safe.
/// </remarks>
public sealed class BindFinding
{
    /// <summary>Initializes a new instance of the <see cref="BindFinding"/> class.</summary>
    /// <param name="kind">What was found.</param>
    /// <param name="blocks"><see langword="true"/> if this stops the bind; <see langword="false"/> for a warning.</param>
    /// <param name="summary">One sentence that says what was found.</param>
    /// <param name="remedy">One or two sentences that say what to do, or <see langword="null"/> when nothing can be done.</param>
    /// <param name="sockets">The sockets involved; <see langword="null"/> for none. Copied.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="summary"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>, or <paramref name="sockets"/> contains <see langword="null"/>.</exception>
    public BindFinding(BindFindingKind kind, bool blocks, string summary, string? remedy = null, IEnumerable<SocketEntry>? sockets = null)
    {
        if (unchecked((uint)kind) > (uint)BindFindingKind.ReservedPort)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The kind is not a defined BindFindingKind value.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        SocketEntry[] involved = sockets is null ? [] : [.. sockets];
        if (Array.IndexOf(involved, null) >= 0)
        {
            throw new ArgumentNullException(nameof(sockets), "A finding cannot hold a null socket.");
        }

        Kind = kind;
        Blocks = blocks;
        Summary = summary;
        Remedy = string.IsNullOrWhiteSpace(remedy) ? null : remedy;
        Sockets = Array.AsReadOnly(involved);
    }

    /// <summary>Gets what was found.</summary>
    public BindFindingKind Kind { get; }

    /// <summary>Gets a value indicating whether this stops the bind (<see langword="true"/>) or is a warning (<see langword="false"/>).</summary>
    public bool Blocks { get; }

    /// <summary>Gets one sentence that says what was found, naming the sockets and processes involved.</summary>
    public string Summary { get; }

    /// <summary>Gets what to do about it, or <see langword="null"/> when there is nothing to suggest.</summary>
    public string? Remedy { get; }

    /// <summary>Gets the sockets involved, in the order the socket source listed them; empty when the finding is not about sockets.</summary>
    public IReadOnlyList<SocketEntry> Sockets { get; }

    /// <summary>Returns the kind and the summary, such as <c>HeldByListener: a listener on 127.0.0.1:8080 (pid 4242, nginx) holds the port.</c></summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Kind}: {Summary}";
}
