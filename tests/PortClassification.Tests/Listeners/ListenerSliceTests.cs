using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Listeners;

/// <summary>
/// <see cref="ListenerQuery"/> is the listener slice of <see cref="SocketQuery"/>, and the two snapshots share one set of
/// rules: checked here as invariants over generated filters and sockets.
/// </summary>
public class ListenerSliceTests
{
    [Property]
    public Property ListenerQuery_MatchesExactlyWhatTheEquivalentSocketQueryMatches() =>
        Prop.ForAll(Arb.From(Filters()), Arb.From(Listeners()), (f, l) =>
        {
            var listeners = new ListenerQuery { Transport = f.Transport, AddressFamily = f.Family, Port = f.Port };
            var sockets = new SocketQuery { Transport = f.Transport, AddressFamily = f.Family, LocalPort = f.Port };
            var entry = new SocketEntry(l.Transport, l.Transport == Transport.Tcp ? SocketState.Listen : SocketState.Bound, l.LocalEndPoint, null);
            return listeners.Matches(l) == sockets.Matches(entry);
        });

    [Theory]
    [InlineData(AddressFamily.Unix)]
    [InlineData(AddressFamily.Unspecified)]
    public void AddressFamily_OtherThanIP_BothQueriesThrowTheSameWay(AddressFamily family)
    {
        var l = Assert.Throws<ArgumentOutOfRangeException>(() => new ListenerQuery { AddressFamily = family });
        var s = Assert.Throws<ArgumentOutOfRangeException>(() => new SocketQuery { AddressFamily = family });

        Assert.Equal(l.Message, s.Message);
    }

    [Fact]
    public void Snapshots_SameBadInput_SameExceptions()
    {
        Assert.Throws<ArgumentNullException>("listeners", () => new ListenerSnapshot(null!, "r"));
        Assert.Throws<ArgumentNullException>("sockets", () => new SocketSnapshot(null!, "r"));
        Assert.Throws<ArgumentNullException>("readerName", () => new ListenerSnapshot([], null!));
        Assert.Throws<ArgumentNullException>("readerName", () => new SocketSnapshot([], null!));
        Assert.Throws<ArgumentNullException>("listeners", () => new ListenerSnapshot([null!], "r"));
        Assert.Throws<ArgumentNullException>("sockets", () => new SocketSnapshot([null!], "r"));
        Assert.Throws<ArgumentNullException>("warnings", () => new ListenerSnapshot([], "r", warnings: [null!]));
        Assert.Throws<ArgumentNullException>("warnings", () => new SocketSnapshot([], "r", warnings: [null!]));
        Assert.Throws<ArgumentException>("warnings", () => new ListenerSnapshot([], "r", isComplete: false));
        Assert.Throws<ArgumentException>("warnings", () => new SocketSnapshot([], "r", isComplete: false));
        Assert.Throws<ArgumentOutOfRangeException>("index", () => new ListenerSnapshot([], "r")[0]);
        Assert.Throws<ArgumentOutOfRangeException>("index", () => new SocketSnapshot([], "r")[-1]);
    }

    private static Gen<(Transport? Transport, AddressFamily? Family, PortNumber? Port)> Filters() =>
        from transport in Gen.Elements<Transport?>(null, Transport.Tcp, Transport.Udp)
        from family in Gen.Elements<AddressFamily?>(null, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6)
        from port in Gen.Elements<PortNumber?>(null, new PortNumber(53), new PortNumber(8080))
        select (transport, family, port);

    private static Gen<Listener> Listeners() =>
        from transport in Gen.Elements(Transport.Tcp, Transport.Udp)
        from address in Gen.Elements(IPAddress.Loopback, IPAddress.IPv6Any, IPAddress.Parse("::ffff:10.0.0.1"))
        from port in Gen.Elements(53, 8080, 9000)
        select new Listener(transport, new IPEndPoint(address, port));
}
