namespace PortClassification;

internal static partial class Interop
{
    internal static partial class IpHlpApi
    {
        /// <summary><c>UDP_TABLE_CLASS</c> from <c>iprtrmib.h</c>; only the classes this package asks for.</summary>
        internal enum UdpTableClass
        {
            /// <summary><c>UDP_TABLE_OWNER_PID</c>: rows as <c>MIB_UDPROW_OWNER_PID</c> / <c>MIB_UDP6ROW_OWNER_PID</c>.</summary>
            OwnerPid = 1,
        }

        /// <summary>
        /// <c>DWORD GetExtendedUdpTable(PVOID pUdpTable, PDWORD pdwSize, BOOL bOrder, ULONG ulAf,
        /// UDP_TABLE_CLASS TableClass, ULONG Reserved)</c> from <c>iphlpapi.h</c>.
        /// </summary>
        /// <returns><c>NO_ERROR</c> (0), or a Win32 error such as <c>ERROR_INSUFFICIENT_BUFFER</c> (122) with <paramref name="pdwSize"/> set to the size needed.</returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.IpHlpApi)]
        internal static unsafe partial uint GetExtendedUdpTable(void* pUdpTable, uint* pdwSize, int bOrder, uint ulAf, UdpTableClass tableClass, uint reserved);
    }
}
