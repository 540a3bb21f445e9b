using Xunit;

namespace PortClassification.Tests.Registry;

public class ServiceEntryTests
{
    [Fact]
    public void Constructor_UserEntry_SetsEveryMember()
    {
        var entry = new ServiceEntry("billing", new PortInterval(7100, 7109), null, "Billing", "https://wiki.example/billing");

        Assert.Equal("billing", entry.Name);
        Assert.Equal(7100, entry.Ports.First.Value);
        Assert.Equal(new PortInterval(7100, 7109), entry.Ports);
        Assert.Null(entry.Transport);
        Assert.Equal(ServiceOrigin.User, entry.Origin);
        Assert.Equal("https://wiki.example/billing", entry.Citation);
        Assert.Equal("billing 7100-7109/any", entry.ToString());
    }

    [Fact]
    public void Constructor_NoDescription_IsEmpty()
    {
        Assert.Equal(string.Empty, new ServiceEntry("x", new PortInterval(1), Transport.Udp).Description);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new ServiceEntry(null!, default, Transport.Tcp));
        Assert.Throws<ArgumentException>(() => new ServiceEntry(" ", default, Transport.Tcp));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceEntry("x", default, (Transport)7));
        Assert.Equal("transport", e.ParamName);
        Assert.Equal((Transport)7, e.ActualValue);
    }
}
