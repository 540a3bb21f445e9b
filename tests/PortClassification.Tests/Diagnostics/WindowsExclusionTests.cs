using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Internal;
using PortClassification.Tests.Host;
using Xunit;

namespace PortClassification.Tests.Diagnostics;

public class WindowsExclusionTests
{
    [Theory]
    [InlineData("excludedportrange-tcp-en.txt", "5357-5357 50000-50059*")]
    [InlineData("excludedportrange-tcp-en-trailing-spaces.txt", "1080-1179 1180-1279 2869-2869 50000-50059*")]
    [InlineData("excludedportrange-udp-en-empty.txt", "")]
    [InlineData("excludedportrange-tcp-es.txt", "8005-8005 49709-49808 49809-49908")]
    [InlineData("excludedportrange-tcp-zh.txt", "5357-5357 50000-50059*")]
    public void ParseNetsh_Fixture_KeepsEveryRowAndItsAdministeredMark(string fixture, string expected)
    {
        WindowsExclusion[] rows = WindowsExclusion.ParseNetsh(HostFixtures.Windows(fixture));

        Assert.Equal(expected, string.Join(' ', rows.Select(r => $"{r.Range.First}-{r.Range.Last}{(r.Administered == true ? "*" : "")}")));
        Assert.All(rows, r => Assert.NotNull(r.Administered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Start Port    End Port\r\n      5357        5357\r\n")]
    [InlineData("----------    --------\r\n     50059       50000\r\n")]
    [InlineData("----------    --------\r\n     65535       65536   *\r\n")]
    public void ParseNetsh_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => WindowsExclusion.ParseNetsh(text));

    [Fact]
    public void FromRanges_HostSettings_AdministeredUnknown() =>
        Assert.Equal([new WindowsExclusion(PortInterval.Parse("80-90"), null)], WindowsExclusion.FromRanges([PortInterval.Parse("80-90")]));

    [Property]
    public Property ParseNetsh_AnyRows_RoundTripsRangesAndMarks() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            intervals =>
            {
                string rows = string.Concat(intervals.Select((r, i) => $"{r.First.Value,10}  {r.Last.Value,10}{(i % 2 == 0 ? "     *" : "")}\r\n"));
                string text = $"\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n{rows}\r\n* - Administered port exclusions.\r\n";
                WindowsExclusion[] parsed = WindowsExclusion.ParseNetsh(text);
                return parsed.Length == intervals.Length
                    && parsed.Select((p, i) => p.Range.Equals(intervals[i]) && p.Administered == (i % 2 == 0)).All(ok => ok);
            });

    [Property(MaxTest = 500)]
    public Property ParseNetsh_ArbitraryAndMutatedText_ReturnsOrThrowsFormatException() =>
        Prop.ForAll(
            HostArbitraries.NetshText(
                HostFixtures.Windows("excludedportrange-tcp-en.txt"),
                HostFixtures.Windows("excludedportrange-tcp-es.txt"),
                HostFixtures.Windows("excludedportrange-tcp-zh.txt")),
            text => HostArbitraries.OnlyFormatException(() => WindowsExclusion.ParseNetsh(text)));
}
