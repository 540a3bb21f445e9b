using System.Runtime.InteropServices;

namespace PortClassification;

internal static partial class Interop
{
    internal static partial class Ole32
    {
        /// <summary><c>COINIT_MULTITHREADED</c> from <c>objbase.h</c>.</summary>
        internal const int CoinitMultithreaded = 0x0;

        /// <summary><c>HRESULT CoInitializeEx(LPVOID pvReserved, DWORD dwCoInit)</c> from <c>combaseapi.h</c>: S_OK, S_FALSE (already initialized), or RPC_E_CHANGED_MODE.</summary>
        [LibraryImport(Libraries.Ole32)]
        internal static partial int CoInitializeEx(nint reserved, int coInit);
    }
}
