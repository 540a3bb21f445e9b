using PortClassification.Internal;
using Xunit;

namespace PortClassification.Tests.Registry;

public class UnofficialServicesTests
{
    [Fact]
    public void Create_EveryEntry_IsUnofficialWithASourceAndADescription()
    {
        Assert.All(UnofficialServices.Create(), e =>
        {
            Assert.Equal(ServiceOrigin.Unofficial, e.Origin);
            Assert.False(string.IsNullOrWhiteSpace(e.Source));
            Assert.False(string.IsNullOrWhiteSpace(e.Description));
            Assert.NotNull(e.Transport);
        });
    }

    [Fact]
    public void Create_NoEntry_IsWhatIanaAssignsOnThatPort()
    {
        // An "unofficial" use must not be the service IANA registered on that port under that name.
        foreach (ServiceEntry entry in UnofficialServices.Create())
        {
            Assert.DoesNotContain(PortRegistry.Lookup(entry.Port, entry.Transport),
                e => e.Origin == ServiceOrigin.Iana && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void UnofficialEntries_AreInTheDefaultRegistryAfterIanas()
    {
        Assert.All(ServiceRegistry.UnofficialEntries, u =>
        {
            IReadOnlyList<ServiceEntry> found = PortRegistry.Lookup(u.Port, u.Transport);
            Assert.Contains(u, found);
            Assert.True(found.TakeWhile(e => e != u).All(e => e.Origin == ServiceOrigin.Iana));
        });
    }
}
