using Xunit;

namespace PortClassification.Tests.Registry;

public class BrowserBlockedPortsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(5060)]
    [InlineData(6667)]
    [InlineData(10080)]
    public void Contains_FetchStandardBadPorts(int port) => Assert.True(BrowserBlockedPorts.Contains((PortNumber)port));

    [Theory]
    [InlineData(80)]
    [InlineData(443)]
    [InlineData(8080)]
    [InlineData(10081)]
    [InlineData(65535)]
    public void Contains_OrdinaryWebPorts_IsFalse(int port) => Assert.False(BrowserBlockedPorts.Contains((PortNumber)port));

    [Fact]
    public void Ports_AreAscendingAndAgreeWithContains()
    {
        Assert.Equal(83, BrowserBlockedPorts.Ports.Count);
        Assert.Equal(BrowserBlockedPorts.Ports.OrderBy(p => p.Value), BrowserBlockedPorts.Ports);
        for (int port = 0; port <= ushort.MaxValue; port++)
        {
            Assert.Equal(BrowserBlockedPorts.Ports.Contains((PortNumber)port), BrowserBlockedPorts.Contains((PortNumber)port));
        }

        Assert.Equal("https://fetch.spec.whatwg.org/#port-blocking", BrowserBlockedPorts.Citation);
    }
}
