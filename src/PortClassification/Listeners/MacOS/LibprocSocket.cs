using System.Net;

namespace PortClassification.Internal;

/// <summary>A listening socket decoded from one <c>struct socket_fdinfo</c>.</summary>
/// <param name="Transport">TCP or UDP.</param>
/// <param name="LocalEndPoint">The local address and port.</param>
/// <param name="SocketHandle">
/// <c>soi_so</c>, the kernel's opaque (permuted) handle of the socket: the same in every process that shares the
/// socket, so it identifies one socket across a walk.
/// </param>
internal readonly record struct LibprocSocket(Transport Transport, IPEndPoint LocalEndPoint, ulong SocketHandle);
