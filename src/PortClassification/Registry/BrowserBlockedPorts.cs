using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PortClassification;

/// <summary>
/// The ports web browsers refuse to fetch http:// and https:// URLs on: the "bad port" list of the WHATWG
/// Fetch Standard (port blocking), which Chrome, Firefox and Safari implement.
/// </summary>
/// <remarks>
/// <para>
/// A server on one of these ports cannot be opened in a browser (Chrome shows ERR_UNSAFE_PORT), so a test
/// or dev server meant for a browser should not use one; <see cref="PortAllocator"/> never leases one.
/// The list protects other protocols from requests a web page could forge (SMTP on 25, IRC on 6667,
/// SIP on 5060 …). It was read from the standard's source, <c>whatwg/fetch:fetch.bs</c>, on
/// <see cref="ListDate"/>; its last change then was port 0, added on 2025-08-11.
/// </para>
/// <para>Browsers may unblock a port by policy or command-line flag; this list is the standard's default.</para>
/// </remarks>
public static class BrowserBlockedPorts
{
    // whatwg/fetch fetch.bs, section "Port blocking", table of bad ports, at commit 586cd2a4 (2026-07-02). Ascending.
    private static ReadOnlySpan<ushort> Blocked =>
    [
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
        109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526,
        530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045,
        4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];

    /// <summary>Gets the address of the list: the Fetch Standard's port blocking section.</summary>
    public static string Citation => "https://fetch.spec.whatwg.org/#port-blocking";

    /// <summary>Gets the date the list was read from the Fetch Standard.</summary>
    public static DateOnly ListDate { get; } = new(2026, 7, 2);

    /// <summary>Gets the blocked ports, ascending.</summary>
    public static IReadOnlyList<PortNumber> Ports { get; } = CreatePorts();

    /// <summary>Determines whether browsers refuse http:// and https:// on a port.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> if <paramref name="port"/> is a "bad port" of the Fetch Standard.</returns>
    public static bool Contains(PortNumber port) => Blocked.BinarySearch(port.Value) >= 0;

    private static ReadOnlyCollection<PortNumber> CreatePorts()
    {
        var ports = new PortNumber[Blocked.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            ports[i] = Blocked[i];
        }

        return new ReadOnlyCollection<PortNumber>(ports);
    }
}
