using Microsoft.Win32.SafeHandles;

namespace PortClassification;

/// <summary>A Unix file descriptor closed exactly once, on dispose or finalization.</summary>
internal sealed class SafeFileDescriptor : SafeHandleMinusOneIsInvalid
{
    /// <summary>Initializes a new instance of the <see cref="SafeFileDescriptor"/> class that owns a descriptor.</summary>
    /// <param name="fd">The descriptor.</param>
    public SafeFileDescriptor(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
