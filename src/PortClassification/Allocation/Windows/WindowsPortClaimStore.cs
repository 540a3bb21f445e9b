using System;
using System.IO;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Claims on Windows: a per-port file under the user's temporary folder opened with
/// <see cref="FileShare.None"/>, which Windows enforces for every process; the handle closes when the
/// process ends, however it ends.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsPortClaimStore : PortClaimStore
{
    private const int ErrorSharingViolation = Interop.Errors.FacilityWin32HResult | (int)Interop.Errors.ERROR_SHARING_VIOLATION;
    private const int ErrorLockViolation = Interop.Errors.FacilityWin32HResult | (int)Interop.Errors.ERROR_LOCK_VIOLATION;

    private WindowsPortClaimStore(string directory) => Directory = directory;

    /// <inheritdoc />
    public override string Directory { get; }

    /// <summary>Creates the store in <c>%TEMP%\PortClassification\claims</c>, or returns <see langword="null"/> if it cannot be created.</summary>
    /// <returns>The store, or <see langword="null"/>.</returns>
    public static WindowsPortClaimStore? TryCreate()
    {
        try
        {
            string directory = Path.Combine(Path.GetTempPath(), "PortClassification", "claims");
            System.IO.Directory.CreateDirectory(directory);
            return new WindowsPortClaimStore(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override ClaimResult TryClaim(PortNumber port, Transport transport, out IDisposable? claim)
    {
        string path = Path.Combine(Directory, FileName(port, transport));
        claim = null;
        try
        {
            claim = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            return ClaimResult.Claimed;
        }
        catch (IOException e) when (e.HResult is ErrorSharingViolation or ErrorLockViolation)
        {
            return ClaimResult.HeldElsewhere;
        }
        catch (UnauthorizedAccessException)
        {
            // A file we may not open (planted, or read-only): leave the port alone, like a claimed one.
            return ClaimResult.HeldElsewhere;
        }
    }
}
