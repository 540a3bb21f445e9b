using System.Net;

namespace PortClassification.Internal;

/// <summary>One listening row of an IP Helper table: what the decoder keeps of <c>MIB_*ROW_OWNER_PID</c>.</summary>
/// <param name="Transport">TCP or UDP, from the table that was decoded.</param>
/// <param name="LocalEndPoint">The local address and port.</param>
/// <param name="ProcessId">The <c>dwOwningPid</c> field; 0 when the OS attributes the socket to no process.</param>
internal readonly record struct IpHelperRow(Transport Transport, IPEndPoint LocalEndPoint, int ProcessId);
