namespace PortClassification;

internal static partial class Interop
{
    /// <summary>The Win32 error codes (<c>winerror.h</c>) and NT status values the package tells apart.</summary>
    internal static class Errors
    {
        internal const uint ERROR_SUCCESS = 0;
        internal const uint ERROR_SHARING_VIOLATION = 32;
        internal const uint ERROR_LOCK_VIOLATION = 33;
        internal const uint ERROR_NOT_SUPPORTED = 50;
        internal const uint ERROR_INSUFFICIENT_BUFFER = 122;
        internal const uint ERROR_NO_DATA = 232;

        /// <summary><c>STATUS_UNSUCCESSFUL</c>: seen from the IP Helper tables when the table changed during the call (psutil #1294).</summary>
        internal const uint STATUS_UNSUCCESSFUL = 0xC0000001;

        /// <summary>The <c>HRESULT</c> a .NET <c>IOException</c> carries for a Win32 error (<c>HRESULT_FROM_WIN32</c>).</summary>
        internal const int FacilityWin32HResult = unchecked((int)0x80070000);
    }
}
