using System.IO;

namespace PortClassification;

/// <summary>
/// The <see cref="IOException"/> netlink sock_diag fails with, carrying the errno so that
/// <see cref="LinuxListenerSource"/> can tell a permanent refusal from a passing shortage.
/// </summary>
internal sealed class LinuxNetlinkException : IOException
{
    internal LinuxNetlinkException(string message, int errno)
        : base(message)
    {
        Errno = errno;
    }

    /// <summary>Gets the Linux errno with which the kernel failed the request.</summary>
    internal int Errno { get; }

    /// <summary>
    /// Gets a value indicating whether the failure will repeat for the rest of the process: no netlink or no
    /// <c>inet_diag</c> in this kernel or sandbox. Descriptor, memory and buffer shortages and timeouts pass.
    /// </summary>
    internal bool IsPermanent => Errno is PortClassification.Interop.Errno.EPROTONOSUPPORT or PortClassification.Interop.Errno.EAFNOSUPPORT;
}
