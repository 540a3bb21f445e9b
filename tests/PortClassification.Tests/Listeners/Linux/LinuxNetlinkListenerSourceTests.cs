using System.Diagnostics;
using System.Runtime.InteropServices;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxNetlinkListenerSourceTests
{
    [LinuxFact]
    public void GetListeners_IPv4MappedSockets_ListedAsIPv4() =>
        LiveListeners.AssertFindsIPv4MappedListeners(new LinuxNetlinkListenerSource());

    [LinuxFact]
    public void GetListeners_LoopbackSockets_FoundWithOwners() =>
        LiveListeners.AssertFindsOwnAndChildListeners(new LinuxNetlinkListenerSource());

    [LinuxFact]
    public void GetListeners_Query_FiltersInKernel() =>
        LiveListeners.AssertQueriesFilter(new LinuxNetlinkListenerSource());

    [Fact]
    public void ToException_ReceiveTimedOut_IsIOExceptionSayingSo()
    {
        Exception e = LinuxNetlinkReader.ToException(Interop.Errno.EAGAIN);

        Assert.False(Assert.IsType<LinuxNetlinkException>(e).IsPermanent);
        Assert.Contains("did not answer within 5 s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Interop.Errno.EACCES)]
    [InlineData(Interop.Errno.EPERM)]
    public void ToException_Refused_IsUnauthorizedAccessException(int errno) =>
        Assert.IsType<UnauthorizedAccessException>(LinuxNetlinkReader.ToException(errno));

    [Theory]
    [InlineData(Interop.Errno.EPROTONOSUPPORT)]
    [InlineData(Interop.Errno.EMFILE)]
    [InlineData(Interop.Errno.ENOBUFS)]
    public void ToException_OtherErrno_IsIOExceptionNamingIt(int errno) =>
        Assert.Contains($"(errno {errno})", Assert.IsAssignableFrom<IOException>(LinuxNetlinkReader.ToException(errno)).Message, StringComparison.Ordinal);

    /// <summary>Checks the <c>struct timeval</c> mirror and <c>SO_RCVTIMEO</c> value: a recv nobody answers must give up.</summary>
    [LinuxFact]
    public unsafe void SetReceiveTimeout_NoAnswer_RecvFailsWithEagain()
    {
        int fd = Interop.Libc.Socket(Interop.Netlink.AfNetlink, Interop.Netlink.SockDgram | Interop.Netlink.SockCloseOnExec, Interop.Netlink.NetlinkSockDiag);
        Assert.True(fd >= 0, $"socket failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            Assert.Equal(0, LinuxNetlinkReader.SetReceiveTimeout(fd, 150_000));
            var watch = Stopwatch.StartNew();
            var receive = Task.Run(() =>
            {
                byte* b = stackalloc byte[64];
                nint received = Interop.Libc.Recv(fd, b, 64, 0);
                return (received, Marshal.GetLastPInvokeError());
            });

            Assert.True(receive.Wait(TimeSpan.FromSeconds(60)), "recv did not time out");
            Assert.Equal((-1, Interop.Errno.EAGAIN), receive.Result);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60));
        }
        finally
        {
            _ = Interop.Libc.Close(fd);
        }
    }
}
