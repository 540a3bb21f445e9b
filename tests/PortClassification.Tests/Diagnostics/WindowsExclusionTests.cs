using PortClassification.Tests.Host;
using Xunit;

namespace PortClassification.Tests.Diagnostics;

public class WindowsExclusionTests
{
    /// <summary>The diagnosis reads exclusions through the host settings' netsh parser and keeps each row's mark.</summary>
    [Theory]
    [InlineData("excludedportrange-tcp-en.txt", "5357-5357 50000-50059*")]
    [InlineData("excludedportrange-tcp-en-trailing-spaces.txt", "1080-1179 1180-1279 2869-2869 50000-50059*")]
    [InlineData("excludedportrange-udp-en-empty.txt", "")]
    [InlineData("excludedportrange-tcp-es.txt", "8005-8005 49709-49808 49809-49908")]
    [InlineData("excludedportrange-tcp-zh.txt", "5357-5357 50000-50059*")]
    public void FromDetails_NetshFixture_KeepsEveryRowAndItsAdministeredMark(string fixture, string expected)
    {
        WindowsExclusion[] rows = WindowsExclusion.FromDetails(NetshOutput.ParseExcludedPortRangeEntries(HostFixtures.Windows(fixture)));

        Assert.Equal(expected, string.Join(' ', rows.Select(r => $"{r.Range.First}-{r.Range.Last}{(r.Administered == true ? "*" : "")}")));
        Assert.All(rows, r => Assert.NotNull(r.Administered));
    }
}
