using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Ole32
    {
        /// <summary><c>void CoUninitialize(void)</c> from <c>combaseapi.h</c>; pairs with each successful <c>CoInitializeEx</c>.</summary>
        [LibraryImport(Libraries.Ole32)]
        internal static partial void CoUninitialize();
    }
}
