using System;

namespace PortClassification;

/// <summary>
/// Finds the sockets on this host that listen, and the processes that own them.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Default"/> is the best source for the running OS: on Linux netlink <c>sock_diag</c>
/// (<see cref="LinuxNetlinkListenerSource"/>), falling back to <c>/proc/net</c> (<see cref="LinuxProcNetListenerSource"/>)
/// where netlink is refused; on Windows the IP Helper owner-pid tables (<see cref="WindowsIpHelperListenerSource"/>);
/// on macOS libproc (<see cref="MacOSListenerSource"/>); elsewhere <see cref="ManagedListenerSource"/>, which knows no owners.
/// <see cref="ListenerSnapshot.ReaderName"/> says which mechanism answered.
/// </para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public static partial class Listeners
{
    private static readonly Lazy<IListenerSource> s_default = new(CreateDefault);

    /// <summary>Gets the best listener source for the running OS.</summary>
    public static IListenerSource Default => s_default.Value;

    /// <summary>Finds the TCP and UDP sockets listening on a port, with their owners: "what is using port N?".</summary>
    /// <param name="port">The local port.</param>
    /// <returns>
    /// Every listener on <paramref name="port"/> (one port can have several: IPv4 and IPv6, TCP and UDP, several
    /// addresses), usually none or a few. On Linux the kernel filters by port and the owner search stops as soon as
    /// every socket's owner is found, so this is far cheaper than listing everything.
    /// </returns>
    public static ListenerSnapshot Find(PortNumber port) => Default.GetListeners(new ListenerQuery { Port = port });

    private static IListenerSource CreateDefault()
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxListenerSource();
        }

        if (OperatingSystem.IsWindows())
        {
            return new WindowsIpHelperListenerSource();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new MacOSListenerSource();
        }

        // FreeBSD and anything else: no owners, but every listener the BCL can see.
        return new ManagedListenerSource();
    }
}
