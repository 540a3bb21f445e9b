using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Whether an address and port can be bound, and why not: the answer of <see cref="PortDiagnostics.DiagnoseBind(IPEndPoint, Transport, ISocketSource)"/>
/// and <see cref="PortDiagnostics.Explain(SocketException, IPEndPoint, Transport, ISocketSource)"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="CanBind"/> is the answer for a plain bind, without <c>SO_REUSEADDR</c>, as a C program or Python makes it.
/// <see cref="CanBindWithReuseAddress"/> answers for servers that set the option (.NET, nginx, Node.js, Go): on Linux
/// and macOS they may bind over <c>TIME_WAIT</c> remnants that stop a plain bind.
/// </para>
/// <para>
/// <see cref="Findings"/> holds every cause that stops the bind (<see cref="BindFinding.Blocks"/>), most direct first,
/// then the warnings. <see cref="Warnings"/> says what the diagnosis could not see (sockets it was not allowed to
/// list, settings that are defaults). Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class BindReport
{
    /// <summary>Initializes a new instance of the <see cref="BindReport"/> class.</summary>
    /// <param name="endPoint">The address and port diagnosed; not copied, treat it as read-only.</param>
    /// <param name="transport"><see cref="PortClassification.Transport.Tcp"/> or <see cref="PortClassification.Transport.Udp"/>.</param>
    /// <param name="canBind">Whether a bind without <c>SO_REUSEADDR</c> works now.</param>
    /// <param name="canBindWithReuseAddress">Whether a bind with <c>SO_REUSEADDR</c> works now, or <see langword="null"/> when not tried.</param>
    /// <param name="error">The error of the failed bind, or <see langword="null"/> when it worked.</param>
    /// <param name="findings">The causes and warnings; copied.</param>
    /// <param name="warnings">What could not be seen and why; <see langword="null"/> for none. Copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> or <paramref name="findings"/> is <see langword="null"/>, or either list contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="ArgumentException"><paramref name="canBind"/> disagrees with <paramref name="error"/> (an error exactly when the bind failed), or a bind that works has a finding that blocks it.</exception>
    public BindReport(
        IPEndPoint endPoint,
        Transport transport,
        bool canBind,
        bool? canBindWithReuseAddress,
        SocketError? error,
        IEnumerable<BindFinding> findings,
        IEnumerable<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(findings);
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Binds are diagnosed for TCP and UDP.");
        }

        if (canBind == error.HasValue)
        {
            throw new ArgumentException("A report has an error exactly when the bind failed.", nameof(error));
        }

        BindFinding[] all = [.. findings];
        string[] notes = warnings is null ? [] : [.. warnings];
        if (Array.IndexOf(all, null) >= 0 || Array.IndexOf(notes, null) >= 0)
        {
            throw new ArgumentNullException(Array.IndexOf(all, null) >= 0 ? nameof(findings) : nameof(warnings), "A report cannot hold null items.");
        }

        if (canBind && all.Any(f => f.Blocks))
        {
            throw new ArgumentException("A bind that works cannot have a finding that blocks it.", nameof(findings));
        }

        EndPoint = endPoint;
        Transport = transport;
        CanBind = canBind;
        CanBindWithReuseAddress = canBindWithReuseAddress;
        Error = error;
        Findings = Array.AsReadOnly(all);
        Warnings = Array.AsReadOnly(notes);
    }

    /// <summary>Gets the address and port diagnosed.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Gets the transport diagnosed.</summary>
    public Transport Transport { get; }

    /// <summary>Gets a value indicating whether a bind without <c>SO_REUSEADDR</c> works now.</summary>
    public bool CanBind { get; }

    /// <summary>
    /// Gets a value indicating whether a bind with <c>SO_REUSEADDR</c> works now, as servers built on .NET, nginx,
    /// Node.js or Go make it; <see langword="null"/> when it was not tried (<see cref="PortDiagnostics.Explain(SocketException, IPEndPoint, Transport, ISocketSource)"/>).
    /// </summary>
    public bool? CanBindWithReuseAddress { get; }

    /// <summary>Gets the error of the failed bind, or <see langword="null"/> when it worked.</summary>
    public SocketError? Error { get; }

    /// <summary>Gets the causes that stop the bind, most direct first, then the warnings.</summary>
    public IReadOnlyList<BindFinding> Findings { get; }

    /// <summary>Gets what the diagnosis could not see and why, one sentence each; empty when it saw everything it needed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets the verdict in one sentence: that the bind works, or the first cause that stops it.</summary>
    public string Summary
    {
        get
        {
            string subject = $"{PortDiagnostics.Format(EndPoint)}/{(Transport == Transport.Udp ? "udp" : "tcp")}";
            BindFinding? cause = Findings.FirstOrDefault(f => f.Blocks);
            if (CanBind)
            {
                return $"{subject} can be bound now.";
            }

            string reuse = CanBindWithReuseAddress == true ? " (it can with SO_REUSEADDR)" : "";
            return cause is null
                ? $"{subject} cannot be bound{reuse}: {Error}."
                : $"{subject} cannot be bound{reuse}: {LowerFirst(cause.Summary)}";
        }
    }

    /// <summary>Returns <see cref="Summary"/>.</summary>
    /// <returns>The verdict.</returns>
    public override string ToString() => Summary;

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
