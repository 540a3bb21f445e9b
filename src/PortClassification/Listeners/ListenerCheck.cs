using System;

namespace PortClassification;

/// <summary>
/// What counts as "a server is ready" when waiting for a listener: a TCP connection is accepted
/// (<see cref="Connect"/>), or an HTTP request on that connection gets an answer (<see cref="Http"/>).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. An HTTP check sends <c>GET path HTTP/1.1</c> with <c>Connection: close</c>
/// over plain TCP (no TLS) and reads only the status line: any status counts, or with
/// <see cref="RequireSuccess"/> only 2xx. A connection that is refused, reset or closed before a status
/// line arrives is "not ready yet", and the wait tries again.
/// </remarks>
public sealed class ListenerCheck
{
    private ListenerCheck(string? httpPath, bool requireSuccess)
    {
        HttpPath = httpPath;
        RequireSuccess = requireSuccess;
    }

    /// <summary>Gets the check that succeeds as soon as a TCP connection is accepted.</summary>
    public static ListenerCheck Connect { get; } = new(null, false);

    /// <summary>Gets the request target of an HTTP check, such as <c>/health</c>, or <see langword="null"/> for <see cref="Connect"/>.</summary>
    public string? HttpPath { get; }

    /// <summary>Gets a value indicating whether an HTTP check needs a 2xx status; otherwise any HTTP response will do.</summary>
    public bool RequireSuccess { get; }

    /// <summary>Creates a check that sends an HTTP <c>GET</c> for a path and succeeds when a response arrives.</summary>
    /// <param name="path">The request target: starts with <c>/</c>, printable ASCII without spaces (a query is allowed), at most 2048 characters.</param>
    /// <param name="requireSuccess">Whether only a 2xx status counts; by default any status (even 404 or 503) shows that the server answers.</param>
    /// <returns>The check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a valid request target.</exception>
    public static ListenerCheck Http(string path, bool requireSuccess = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsValidPath(path))
        {
            throw new ArgumentException("The path must start with '/' and contain only printable ASCII characters without spaces (at most 2048).", nameof(path));
        }

        return new ListenerCheck(path, requireSuccess);
    }

    /// <summary>Determines whether text is an origin-form request target this check can send as is.</summary>
    /// <param name="path">The text.</param>
    /// <returns><see langword="true"/> if it starts with <c>/</c> and every character is visible ASCII.</returns>
    internal static bool IsValidPath(string path)
    {
        if (path.Length is 0 or > 2048 || path[0] != '/')
        {
            return false;
        }

        foreach (char c in path)
        {
            // Visible ASCII only: a space, CR or LF would let the path rewrite the request.
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Describes the check, such as <c>connect</c> or <c>HTTP GET /health (2xx)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        HttpPath is null ? "connect" : "HTTP GET " + HttpPath + (RequireSuccess ? " (2xx)" : string.Empty);
}
