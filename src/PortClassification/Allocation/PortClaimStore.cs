using System;

namespace PortClassification;

/// <summary>
/// Cross-process port claims: one lock file per port and transport, locked exclusively while a lease
/// lives. The operating system drops the lock when the file is closed, including when the holder dies
/// (SIGKILL, crash), so a claim can never outlive its process.
/// </summary>
/// <remarks>
/// Lock files are never deleted: unlinking a lock file while another process has it open but not yet
/// locked would let two processes lock two different files of the same name. They are empty, never
/// written, and at most one per port and transport.
/// </remarks>
internal abstract class PortClaimStore
{
    private static readonly Lazy<PortClaimStore?> SharedStore = new(Create);

    /// <summary>Gets the store for this OS and user, or <see langword="null"/> when no safe claim directory is available.</summary>
    public static PortClaimStore? Shared => SharedStore.Value;

    /// <summary>Gets the directory that holds the lock files.</summary>
    public abstract string Directory { get; }

    /// <summary>Tries to claim a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>The claim, released by disposing it; or <see langword="null"/> if another holder has it.</returns>
    public abstract IDisposable? TryClaim(PortNumber port, Transport transport);

    /// <summary>Gets the lock file name for a port and transport, such as <c>tcp-61000</c>.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>The file name.</returns>
    internal static string FileName(PortNumber port, Transport transport) =>
        string.Concat(transport == Transport.Udp ? "udp-" : "tcp-", port.ToString());

    private static PortClaimStore? Create()
    {
        if (OperatingSystem.IsWindows())
        {
            return WindowsPortClaimStore.TryCreate();
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return UnixPortClaimStore.TryCreate();
        }

        return null;
    }
}
