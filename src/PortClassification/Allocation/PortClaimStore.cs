using System;
using System.Threading;

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
    private static string? sharedFailure;

    /// <summary>Gets the store for this OS and user, or <see langword="null"/> when no safe claim directory is available.</summary>
    public static PortClaimStore? Shared => SharedStore.Value;

    /// <summary>Gets why <see cref="Shared"/> is <see langword="null"/>, or <see langword="null"/> if it is not.</summary>
    public static string? SharedFailure
    {
        get
        {
            _ = SharedStore.Value;
            return Volatile.Read(ref sharedFailure);
        }
    }

    /// <summary>Gets the directory that holds the lock files.</summary>
    public abstract string Directory { get; }

    /// <summary>Tries to claim a port for a transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="claim">The claim, released by disposing it, when the result is <see cref="ClaimResult.Claimed"/>.</param>
    /// <returns>Whether the port was claimed, is held elsewhere, or the store cannot be used at all (permissions).</returns>
    public abstract ClaimResult TryClaim(PortNumber port, Transport transport, out IDisposable? claim);

    /// <summary>Gets the lock file name for a port and transport, such as <c>tcp-61000</c>.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <returns>The file name.</returns>
    internal static string FileName(PortNumber port, Transport transport) =>
        string.Concat(transport == Transport.Udp ? "udp-" : "tcp-", port.ToString());

    private static PortClaimStore? Create()
    {
        PortClaimStore? store = null;
        string failure = "cross-process claims are not implemented on this OS";
        if (OperatingSystem.IsWindows())
        {
            store = WindowsPortClaimStore.TryCreate();
            failure = "the claim directory under %TEMP% cannot be created";
        }
        else if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            store = UnixPortClaimStore.TryCreate();
            failure = "no claim directory private to this user is available (another user may own the expected one)";
        }

        if (store is null)
        {
            Volatile.Write(ref sharedFailure, failure);
        }

        return store;
    }
}

/// <summary>The outcome of <see cref="PortClaimStore.TryClaim"/>.</summary>
internal enum ClaimResult
{
    /// <summary>The port is claimed for the caller.</summary>
    Claimed,

    /// <summary>Another holder has the claim, or its file is one nobody should use (a planted link or FIFO).</summary>
    HeldElsewhere,

    /// <summary>The store refuses the caller (permission denied): no claim can be taken, which is not contention.</summary>
    Unusable,
}
