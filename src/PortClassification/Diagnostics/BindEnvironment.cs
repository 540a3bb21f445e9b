using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>The operating-system families whose bind rules differ.</summary>
internal enum BindPlatform
{
    Linux,
    Windows,
    MacOS,
    FreeBsd,
    Other,
}

/// <summary>
/// Where a bind diagnosis gets its facts: the socket table, the host settings, the host's addresses, this process's
/// privileges, Windows' excluded ranges and the bind probe. <see cref="Create"/> wires the real ones; tests replace any.
/// </summary>
/// <remarks>Diagnostics reads nothing itself: each member delegates to the library's reader of that fact.</remarks>
internal sealed class BindEnvironment
{
    internal required ISocketSource Sockets { get; init; }

    internal required BindPlatform Platform { get; init; }

    internal required Func<HostPortSettings> HostSettings { get; init; }

    /// <summary>Lists the unicast addresses of this host's interfaces (of the calling thread's network namespace on Linux).</summary>
    internal required Func<IReadOnlyList<IPAddress>> LocalAddresses { get; init; }

    /// <summary>Whether this process may bind privileged ports: Linux <c>CAP_NET_BIND_SERVICE</c>, elsewhere root; <see langword="null"/> when unknown.</summary>
    internal required Func<bool?> MayBindPrivileged { get; init; }

    /// <summary>Whether this process may inspect every process (root, an elevated administrator), so an unknown owner is not hidden from it.</summary>
    internal required bool SeesEveryOwner { get; init; }

    /// <summary>Windows' excluded port ranges for a transport.</summary>
    internal required Func<Transport, IReadOnlyList<WindowsExclusion>> WindowsExclusions { get; init; }

    /// <summary>The bind test: <see langword="null"/> when the bind works, otherwise its error.</summary>
    internal required Func<IPEndPoint, Transport, bool, SocketError?> Probe { get; init; }

    internal static BindEnvironment Create(ISocketSource sockets) => new()
    {
        Sockets = sockets,
        Platform = CurrentPlatform(),
        HostSettings = () => HostPortSettings.Current,
        LocalAddresses = ReadLocalAddresses,
        MayBindPrivileged = OperatingSystem.IsLinux() ? LinuxCapabilities.HasNetBindService : static () => Environment.IsPrivilegedProcess,
        SeesEveryOwner = Environment.IsPrivilegedProcess,
        // HostPortSettings keeps the ranges but not netsh's '*' mark yet; until it does, who added a range is unknown.
        WindowsExclusions = static transport => WindowsExclusion.FromDetails(HostPortSettings.Current.ReservedDetails(transport)),
        Probe = BindProbe.TryBind,
    };

    internal static BindPlatform CurrentPlatform() =>
        OperatingSystem.IsLinux() ? BindPlatform.Linux
        : OperatingSystem.IsWindows() ? BindPlatform.Windows
        : OperatingSystem.IsMacOS() ? BindPlatform.MacOS
        : OperatingSystem.IsFreeBSD() ? BindPlatform.FreeBsd
        : BindPlatform.Other;

    private static IPAddress[] ReadLocalAddresses()
    {
        var addresses = new List<IPAddress>();
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (UnicastIPAddressInformation unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (!addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }

        // IPv4 first, then IPv6, each in the OS's order (a stable sort): easier to read in a one-line list.
        return [.. addresses.OrderBy(static a => a.AddressFamily == AddressFamily.InterNetworkV6)];
    }
}
