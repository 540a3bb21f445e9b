using System.Net;
using System.Net.Sockets;
using Xunit;

namespace PortClassification.Tests.Listeners;

public class ListenerQueryTests
{
    private static readonly Listener Tcp4 = new(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 80), 1, "a");
    private static readonly Listener Udp6 = new(Transport.Udp, new IPEndPoint(IPAddress.IPv6Any, 53), null, null);

    [Fact]
    public void Default_MatchesEverythingAndResolvesProcesses()
    {
        var query = new ListenerQuery();
        Assert.True(query.Matches(Tcp4));
        Assert.True(query.Matches(Udp6));
        Assert.True(query.ResolveProcesses);
    }

    [Theory]
    [InlineData(Transport.Tcp, null, null, true, false)]
    [InlineData(Transport.Udp, null, null, false, true)]
    [InlineData(null, AddressFamily.InterNetwork, null, true, false)]
    [InlineData(null, AddressFamily.InterNetworkV6, null, false, true)]
    [InlineData(null, null, 53, false, true)]
    [InlineData(Transport.Tcp, AddressFamily.InterNetwork, 53, false, false)]
    public void Matches_EveryFilterThatIsSet_MustMatch(Transport? transport, AddressFamily? family, int? port, bool tcp4, bool udp6)
    {
        var query = new ListenerQuery
        {
            Transport = transport,
            AddressFamily = family,
            Port = port is null ? null : new PortNumber(port.Value),
        };
        Assert.Equal(tcp4, query.Matches(Tcp4));
        Assert.Equal(udp6, query.Matches(Udp6));
    }

    [Fact]
    public void AddressFamily_OtherThanInternet_ThrowsArgumentOutOfRangeException() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListenerQuery { AddressFamily = AddressFamily.Unix });

    [Fact]
    public void Matches_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => new ListenerQuery().Matches(null!));
}
