using System;
using System.Net.Sockets;

namespace PortClassification.Tool.Output;

/// <summary>Says what an OS failure means in one line; running out of descriptors is named as such (see <see cref="DescriptorLimit"/>).</summary>
internal static class OsErrorText
{
    /// <summary>Describes an exception from the OS or the runtime in one line, without a trailing period.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>The description.</returns>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (DescriptorLimit.Cause(e) is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets })
        {
            // EMFILE and ENFILE both arrive as this, with ENFILE's text: ask the OS which it is.
            return DescriptorLimit.Probe() switch
            {
                DescriptorLimit.EMFILE => DescriptorLimit.ProcessLimit,
                DescriptorLimit.ENFILE => DescriptorLimit.SystemLimit,
                _ => "too many open files, in this process (see 'ulimit -n') or in the system",
            };
        }

        return DescriptorLimit.TryDescribe(e) ?? DescriptorLimit.FirstLine(DescriptorLimit.Cause(e).Message);
    }
}
