namespace PortClassification;

/// <summary>
/// Native entry points, one file per function (or tight family) under <c>Interop/&lt;OS&gt;/</c>.
/// Every declaration uses <c>LibraryImport</c> with blittable parameters.
/// </summary>
internal static partial class Interop
{
    /// <summary>Names of the native libraries the package calls into.</summary>
    internal static class Libraries
    {
        /// <summary>The C library on Linux, macOS and FreeBSD.</summary>
        internal const string Libc = "libc";

        /// <summary>Windows IP Helper API.</summary>
        internal const string IpHlpApi = "iphlpapi.dll";

        /// <summary>Windows COM runtime.</summary>
        internal const string Ole32 = "ole32.dll";

        /// <summary>Windows OLE Automation (VARIANT, BSTR).</summary>
        internal const string OleAut32 = "oleaut32.dll";

        /// <summary>macOS process-information library (part of libSystem).</summary>
        internal const string Libproc = "/usr/lib/libproc.dylib";
    }
}
