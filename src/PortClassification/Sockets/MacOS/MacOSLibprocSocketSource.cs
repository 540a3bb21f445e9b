using System;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// <see cref="Sockets.Default"/> on macOS: the same libproc walk as the listener view (<see cref="LibprocWalk"/>), keeping
/// every TCP and UDP socket instead of the listeners only.
/// </summary>
/// <remarks>
/// Not run on macOS by this project: the decoding of <c>socket_fdinfo</c> and the <c>TSI_S_*</c> states is tested with
/// fixtures. The walk sees only sockets that some process still holds a descriptor for, so TIME_WAIT (and other
/// connections the application has closed) never appear; without root, other users' processes are skipped, with a warning.
/// </remarks>
[SupportedOSPlatform("macos")]
internal sealed class MacOSLibprocSocketSource : ISocketSource
{
    public string Name => "macos-libproc";

    public SocketSnapshot GetSockets(SocketQuery? query = null)
    {
        if (!OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("The libproc socket source runs only on macOS.");
        }

        return LibprocWalk.CollectSockets(MacOSListenerSource.NativeLibproc.Instance, query ?? SocketQueryDefaults.Everything, Name);
    }
}
