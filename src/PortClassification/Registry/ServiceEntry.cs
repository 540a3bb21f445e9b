using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PortClassification;

/// <summary>
/// A service that uses a port number or an interval of port numbers, such as <c>https</c> on 443/tcp.
/// </summary>
/// <remarks>
/// <para>
/// Entries from IANA carry IANA's text unchanged apart from white space: <see cref="Description"/>,
/// <see cref="Note"/>, <see cref="Reference"/> and <see cref="UnauthorizedUse"/>. Unofficial entries
/// come from this library's curated table of known uses (<see cref="ServiceOrigin.KnownUse"/>): they say
/// where the fact comes from in <see cref="Citation"/> and carry a <see cref="Category"/>, the
/// <see cref="Platforms"/> they apply to and other names people search for (<see cref="Aliases"/>).
/// Entries read from a services file (<see cref="ServiceOrigin.Host"/>) carry that file's aliases.
/// </para>
/// <para>
/// A <see langword="null"/> <see cref="Transport"/> means the record names no transport protocol, which
/// IANA's registry does for a few old assignments; such an entry applies to every transport.
/// </para>
/// <para>This type is immutable and thread-safe. Equality is reference equality.</para>
/// </remarks>
public sealed class ServiceEntry
{
    /// <summary>Initializes a new instance of the <see cref="ServiceEntry"/> class for a caller's own service.</summary>
    /// <param name="name">The service name, for example <c>"billing-api"</c>; looked up case-insensitively.</param>
    /// <param name="ports">The port or ports the service uses.</param>
    /// <param name="transport">The transport, or <see langword="null"/> for every transport.</param>
    /// <param name="description">A short description, or <see langword="null"/> for none.</param>
    /// <param name="citation">Where the fact comes from (a URL or a citation), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or only white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined <see cref="PortClassification.Transport"/>.</exception>
    /// <remarks>The entry's <see cref="Origin"/> is <see cref="ServiceOrigin.User"/>.</remarks>
    public ServiceEntry(string name, PortInterval ports, Transport? transport, string? description = null, string? citation = null)
        : this(name, ports, transport, description ?? string.Empty, ServiceOrigin.User)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (transport is { } t)
        {
            TransportGuard.ThrowIfUndefined(t, nameof(transport));
        }

        Citation = citation;
    }

    internal ServiceEntry(string name, PortInterval ports, Transport? transport, string description, ServiceOrigin origin)
    {
        Name = name;
        Ports = ports;
        Transport = transport;
        Description = description;
        Origin = origin;
    }

    /// <summary>Gets the service name, for example <c>"https"</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the port or ports the service uses; a single port is an interval of one.</summary>
    public PortInterval Ports { get; }

    /// <summary>Gets the transport, or <see langword="null"/> when the entry applies to every transport.</summary>
    public Transport? Transport { get; }

    /// <summary>Gets the description, for example <c>"http protocol over TLS/SSL"</c>; empty when there is none.</summary>
    public string Description { get; }

    /// <summary>Gets where the entry comes from.</summary>
    public ServiceOrigin Origin { get; }

    /// <summary>Gets IANA's references for the assignment, for example <c>"RFC9110"</c>, or <see langword="null"/> when there are none.</summary>
    /// <value>References joined with <c>", "</c>: RFCs as <c>RFCnnnn</c>, then drafts, documents and URIs as IANA gives them.</value>
    public string? Reference { get; init; }

    /// <summary>Gets IANA's "Unauthorized Use Reported" text, or <see langword="null"/> when IANA reports none.</summary>
    /// <remarks>For example, port 90's record says it is "also being used unofficially by Pointcast".</remarks>
    public string? UnauthorizedUse { get; init; }

    /// <summary>Gets IANA's assignment notes, or <see langword="null"/> when there are none.</summary>
    public string? Note { get; init; }

    /// <summary>Gets where a known use's or user entry's fact comes from, or <see langword="null"/>.</summary>
    /// <value>For known uses, an <c>https://</c> URL of the software's own documentation, or a source file as <c>owner/repo:path#Lnn</c> (a GitHub repository, file and line).</value>
    public string? Citation { get; init; }

    /// <summary>Gets what kind of software a known use is; <see cref="ServiceCategory.None"/> for IANA and host entries.</summary>
    public ServiceCategory Category { get; init; }

    /// <summary>Gets the operating systems the entry applies to; <see cref="ServicePlatforms.All"/> unless it is specific to some, such as macOS's AirPlay Receiver on 5000/tcp.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is <see cref="ServicePlatforms.None"/> or has bits outside <see cref="ServicePlatforms.All"/>.</exception>
    public ServicePlatforms Platforms
    {
        get => _platforms;
        init => _platforms = value is > ServicePlatforms.None and <= ServicePlatforms.All
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "An entry applies to at least one platform, and only to Linux, MacOS and Windows.");
    }

    /// <summary>Gets other names of the service, for example <c>"postgres"</c>; empty when there are none.</summary>
    /// <remarks><see cref="ServiceRegistry.TryGetPort"/> and <see cref="ServiceRegistry.Search"/> find an entry by its aliases too. The list is a read-only copy.</remarks>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The value set contains a <see langword="null"/>, empty or white-space name.</exception>
    public IReadOnlyList<string> Aliases
    {
        get => _aliases;
        init => _aliases = CopyAliases(value, nameof(value));
    }

    private readonly ServicePlatforms _platforms = ServicePlatforms.All;
    private readonly IReadOnlyList<string> _aliases = ReadOnlyCollection<string>.Empty;

    /// <summary>Returns the entry as text, for example <c>"https 443/tcp"</c> or <c>"x11 6000-6063/tcp"</c>.</summary>
    /// <returns>The name, the ports and the transport (<c>any</c> when the entry applies to every transport).</returns>
    public override string ToString() => $"{Name} {Ports}/{TransportText.Format(Transport)}";

    private static ReadOnlyCollection<string> CopyAliases(IReadOnlyList<string> value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Count == 0)
        {
            return ReadOnlyCollection<string>.Empty;
        }

        string[] copy = new string[value.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = string.IsNullOrWhiteSpace(value[i])
                ? throw new ArgumentException("An alias must not be null, empty or white space.", paramName)
                : value[i];
        }

        return new ReadOnlyCollection<string>(copy);
    }
}
