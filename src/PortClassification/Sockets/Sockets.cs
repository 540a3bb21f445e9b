using System;

namespace PortClassification;

/// <summary>
/// Finds this host's sockets in every state, and the processes that own them: "what is using port N?".
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Default"/> reads the OS through the same reader as <see cref="Listeners.Default"/>: on Linux netlink
/// <c>sock_diag</c>, falling back to <c>/proc/net</c> where netlink is refused; on Windows the IP Helper owner-pid
/// tables; on macOS libproc; elsewhere <c>System.Net.NetworkInformation</c>, which knows no owners and no UDP remote
/// ends. <see cref="SocketSnapshot.ReaderName"/> says which mechanism answered.
/// </para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public static class Sockets
{
    private static readonly Lazy<ISocketSource> s_default = new(CreateDefault);

    /// <summary>Gets the best socket source for the running OS.</summary>
    public static ISocketSource Default => s_default.Value;

    /// <summary>Finds every TCP and UDP socket whose local or remote port is <paramref name="port"/>, in every state, with owners.</summary>
    /// <param name="port">The port.</param>
    /// <returns>
    /// Listeners and bound sockets on <paramref name="port"/>, connections from it (an outgoing connection's ephemeral
    /// source port, or the accepted side of a server) and connections to it, including <c>TIME_WAIT</c>. On Linux the
    /// kernel filters by port, so this never walks the whole table in user space.
    /// </returns>
    public static SocketSnapshot Find(PortNumber port) => Default.GetSockets(new SocketQuery { Port = port });

    private static ISocketSource CreateDefault()
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxSocketSource();
        }

        if (OperatingSystem.IsWindows())
        {
            return new WindowsIpHelperSocketSource();
        }

        if (OperatingSystem.IsMacOS())
        {
            return new MacOSLibprocSocketSource();
        }

        // FreeBSD and anything else: no owners, but every socket the BCL can see.
        return new ManagedSocketSource();
    }
}
