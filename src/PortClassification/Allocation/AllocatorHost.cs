using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// What a <see cref="PortAllocator"/> asks of the host: its port settings, whether it is WSL, and the bind test.
/// <see cref="Real"/> asks the operating system; tests pass fakes to drive decisions no test host can show.
/// </summary>
internal sealed class AllocatorHost
{
    /// <summary>The bind test's signature; see <see cref="PortProbe.Probe"/>.</summary>
    internal delegate ProbeOutcome ProbeFunction(
        PortNumber port, Transport transport, IReadOnlyList<IPAddress> addresses, bool[] unavailable, List<Socket> guards, bool keepGuards);

    private static readonly Lazy<bool> s_isWsl = new(() => WslPorts.IsWsl(WslPorts.ReadOsRelease()));

    /// <summary>Initializes a new instance of the <see cref="AllocatorHost"/> class.</summary>
    /// <param name="settings">Reads the host's port settings.</param>
    /// <param name="isWsl">Whether the host is WSL.</param>
    /// <param name="probe">The bind test.</param>
    internal AllocatorHost(Func<HostPortSettings> settings, bool isWsl, ProbeFunction probe)
    {
        Settings = settings;
        IsWsl = isWsl;
        Probe = probe;
    }

    /// <summary>Gets the real host: <see cref="HostPortSettings.Current"/>, the kernel release, and real binds.</summary>
    internal static AllocatorHost Real => new(() => HostPortSettings.Current, s_isWsl.Value, PortProbe.Probe);

    /// <summary>Gets the function that reads the host's port settings.</summary>
    internal Func<HostPortSettings> Settings { get; }

    /// <summary>Gets a value indicating whether the host is WSL (its kernel release names Microsoft).</summary>
    internal bool IsWsl { get; }

    /// <summary>Gets the bind test.</summary>
    internal ProbeFunction Probe { get; }
}
