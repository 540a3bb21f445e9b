using System;
using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Ole32
    {
        /// <summary><c>CLSCTX_INPROC_SERVER</c> from <c>wtypesbase.h</c>.</summary>
        internal const int ClsctxInprocServer = 0x1;

        /// <summary>
        /// <c>HRESULT CoCreateInstance(REFCLSID rclsid, LPUNKNOWN pUnkOuter, DWORD dwClsContext, REFIID riid, LPVOID *ppv)</c>
        /// from <c>combaseapi.h</c>.
        /// </summary>
        [LibraryImport(Libraries.Ole32)]
        internal static unsafe partial int CoCreateInstance(Guid* clsid, nint outer, int context, Guid* iid, nint* instance);
    }
}
