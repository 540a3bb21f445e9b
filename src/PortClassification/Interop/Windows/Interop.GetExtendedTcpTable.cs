namespace PortClassification;

internal static partial class Interop
{
    internal static partial class IpHlpApi
    {
        /// <summary><c>TCP_TABLE_CLASS</c> from <c>iprtrmib.h</c>; only the classes this package asks for.</summary>
        internal enum TcpTableClass
        {
            /// <summary><c>TCP_TABLE_OWNER_PID_LISTENER</c>: LISTEN rows as <c>MIB_TCPROW_OWNER_PID</c> / <c>MIB_TCP6ROW_OWNER_PID</c>.</summary>
            OwnerPidListener = 3,

            /// <summary><c>TCP_TABLE_OWNER_PID_ALL</c>: every row (listeners and connections in every state) with its owner.</summary>
            OwnerPidAll = 5,
        }

        /// <summary>
        /// <c>DWORD GetExtendedTcpTable(PVOID pTcpTable, PDWORD pdwSize, BOOL bOrder, ULONG ulAf,
        /// TCP_TABLE_CLASS TableClass, ULONG Reserved)</c> from <c>iphlpapi.h</c>.
        /// </summary>
        /// <returns><c>NO_ERROR</c> (0), or a Win32 error such as <c>ERROR_INSUFFICIENT_BUFFER</c> (122) with <paramref name="pdwSize"/> set to the size needed.</returns>
        [System.Runtime.InteropServices.LibraryImport(Libraries.IpHlpApi)]
        internal static unsafe partial uint GetExtendedTcpTable(void* pTcpTable, uint* pdwSize, int bOrder, uint ulAf, TcpTableClass tableClass, uint reserved);
    }
}
