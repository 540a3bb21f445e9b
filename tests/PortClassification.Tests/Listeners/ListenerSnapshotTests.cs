using System.Net;
using Xunit;

namespace PortClassification.Tests.Listeners;

public class ListenerSnapshotTests
{
    private static readonly Listener Http = new(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 8080), 42, "server");
    private static readonly Listener Dns = new(Transport.Udp, new IPEndPoint(IPAddress.IPv6Loopback, 5353), null, null);

    [Fact]
    public void Constructor_CopiesListeners_SoLaterChangesToTheSourceDoNotShow()
    {
        var list = new List<Listener> { Http };
        var snapshot = new ListenerSnapshot(list, "test");
        list.Add(Dns);

        Assert.Equal([Http], snapshot);
        Assert.Equal("test", snapshot.ReaderName);
        Assert.True(snapshot.IsComplete);
        Assert.Empty(snapshot.Warnings);
    }

    [Fact]
    public void Indexer_OutsideTheSnapshot_ThrowsArgumentOutOfRangeException()
    {
        var snapshot = new ListenerSnapshot([Http, Dns], "test");
        Assert.Same(Dns, snapshot[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => snapshot[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => snapshot[2]);
    }

    [Fact]
    public void Constructor_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new ListenerSnapshot(null!, "test"));
        Assert.Throws<ArgumentNullException>(() => new ListenerSnapshot([Http], null!));
        Assert.Throws<ArgumentNullException>(() => new ListenerSnapshot([Http, null!], "test"));
        Assert.Throws<ArgumentNullException>(() => new ListenerSnapshot([Http], "test", true, ["ok", null!]));
    }

    [Fact]
    public void Constructor_IncompleteWithoutWarning_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ListenerSnapshot([Http], "test", isComplete: false));
        Assert.Equal("warnings", ex.ParamName);

        var partial = new ListenerSnapshot([Http], "test", isComplete: false, ["3 processes could not be inspected."]);
        Assert.False(partial.IsComplete);
        Assert.Equal(["3 processes could not be inspected."], partial.Warnings);
    }

    [Fact]
    public void Warnings_CannotBeChangedThroughACast()
    {
        var snapshot = new ListenerSnapshot([Http], "test", true, ["owner of 1 socket unknown"]);
        Assert.False(snapshot.Warnings is string[]);
        Assert.True(((ICollection<string>)snapshot.Warnings).IsReadOnly);
    }
}
