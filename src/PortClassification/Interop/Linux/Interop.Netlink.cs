namespace PortClassification;

internal static partial class Interop
{
    /// <summary>Linux socket and netlink values the netlink readers (sock_diag, nftables) pass to <c>socket</c> and <c>recv</c>.</summary>
    internal static class Netlink
    {
        /// <summary><c>AF_NETLINK</c> from <c>&lt;linux/socket.h&gt;</c>.</summary>
        internal const int AfNetlink = 16;

        /// <summary><c>SOCK_DGRAM</c> on Linux (<c>&lt;linux/net.h&gt;</c>).</summary>
        internal const int SockDgram = 2;

        /// <summary><c>SOCK_RAW</c> on Linux (<c>&lt;linux/net.h&gt;</c>).</summary>
        internal const int SockRaw = 3;

        /// <summary><c>SOCK_CLOEXEC</c> on Linux: equal to <c>O_CLOEXEC</c>, so a child process never inherits the socket.</summary>
        internal const int SockCloseOnExec = 0x80000;

        /// <summary><c>MSG_TRUNC</c> from <c>&lt;linux/socket.h&gt;</c>: <c>recv</c> returns the datagram's real length.</summary>
        internal const int MsgTrunc = 0x20;

        /// <summary><c>NETLINK_SOCK_DIAG</c> from <c>&lt;linux/netlink.h&gt;</c>.</summary>
        internal const int NetlinkSockDiag = 4;

        /// <summary><c>NETLINK_NETFILTER</c> from <c>&lt;linux/netlink.h&gt;</c>.</summary>
        internal const int NetlinkNetfilter = 12;
    }
}
