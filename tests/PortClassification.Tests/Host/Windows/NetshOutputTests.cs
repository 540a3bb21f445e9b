using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Host.Windows;

public class NetshOutputTests
{
    public static TheoryData<string, string> DynamicPortFixtures => new()
    {
        { "dynamicport-tcp-en.txt", "49152-65535" },
        { "dynamicport-udp-en-hyperv.txt", "1025-65534" },
        { "dynamicport-tcp-fr.txt", "49152-65535" },
        { "dynamicport-tcp-lf-trailing-spaces.txt", "10000-14999" },
        { "dynamicport-tcp-fullwidth-colon.txt", "50000-65535" },
        { "dynamicport-tcp-zh-oem936-read-as-utf8.txt", "50000-65535" },
    };

    public static TheoryData<string, string> ExcludedPortFixtures => new()
    {
        { "excludedportrange-tcp-en.txt", "5357,50000-50059" },
        { "excludedportrange-tcp-en-trailing-spaces.txt", "1080-1279,2869,50000-50059" },
        { "excludedportrange-udp-en-empty.txt", "" },
        { "excludedportrange-tcp-es.txt", "8005,49709-49908" },
        { "excludedportrange-tcp-zh.txt", "5357,50000-50059" },
    };

    public static TheoryData<string, string> ExcludedPortEntryFixtures => new()
    {
        { "excludedportrange-tcp-en.txt", "5357,50000-50059*" },
        { "excludedportrange-tcp-en-trailing-spaces.txt", "1080-1179,1180-1279,2869,50000-50059*" },
        { "excludedportrange-tcp-en-system-only.txt", "1080-1179,1180-1279,49709-49808,49809-49908" },
        { "excludedportrange-udp-en-empty.txt", "" },
        { "excludedportrange-tcp-es.txt", "8005,49709-49808,49809-49908" },
        { "excludedportrange-tcp-zh.txt", "5357,50000-50059*" },
    };

    public static TheoryData<string> MalformedDynamicPortRanges => new()
    {
        "",
        "\r\n",
        "Start Port : 49152\r\n",
        "Start Port : 49152\r\nNumber of Ports : 16384\r\nExtra : 1\r\n",
        "Start Port : 49152\r\nNumber of Ports : 0\r\n",
        "Start Port : 65535\r\nNumber of Ports : 2\r\n",
        "Start Port : 70000\r\nNumber of Ports : 1\r\n",
        "Start Port : 1\r\nNumber of Ports : 99999999999999999999\r\n",
        "Protocol tcp Dynamic Port Range ipv4\r\nipv6\r\n",
        "49152\r\n16384\r\n",
        "Start Port : 49152\r\nNumber of Ports : 16384 ports\r\n",
    };

    public static TheoryData<string> MalformedExcludedPortRanges => new()
    {
        "",
        "      5357        5357\r\n",
        "Start Port    End Port\r\n      5357        5357\r\n",
        "----------    --------\r\n     50059       50000\r\n",
        "----------    --------\r\n     65535       65536\r\n",
        "----------    --------\r\n         1 99999999999\r\n",
    };

    [Theory]
    [MemberData(nameof(DynamicPortFixtures))]
    public void ParseDynamicPortRange_Fixture_ReturnsStartToStartPlusCountMinusOne(string fixture, string expected) =>
        Assert.Equal(PortInterval.Parse(expected), NetshOutput.ParseDynamicPortRange(HostFixtures.Windows(fixture)));

    [Theory]
    [InlineData("Start Port 49152\r\nNumber of Ports 16384\r\n")]
    [InlineData("Start Port\uFFFD\uFFFD49152\r\nNumber of Ports\uFFFD\uFFFD 16384\r\n")]
    [InlineData("\uFFFD\uFFFD\uFFFD: 49152\nIPv6\n\uFFFD\uFFFD : 16384\n")]
    public void ParseDynamicPortRange_AnySeparatorBeforeTheNumber_ReadsTheTrailingNumbers(string text) =>
        Assert.Equal(PortInterval.Parse("49152-65535"), NetshOutput.ParseDynamicPortRange(text));

    [Theory]
    [MemberData(nameof(MalformedDynamicPortRanges))]
    [InlineData("not-implemented.txt")]
    [InlineData("excludedportrange-tcp-en.txt")]
    public void ParseDynamicPortRange_Malformed_ThrowsFormatException(string textOrFixture) =>
        Assert.Throws<FormatException>(() => NetshOutput.ParseDynamicPortRange(TextOrFixture(textOrFixture)));

    [Theory]
    [MemberData(nameof(ExcludedPortFixtures))]
    public void ParseExcludedPortRanges_Fixture_ReturnsSortedMergedRanges(string fixture, string expected) =>
        Assert.Equal(expected, string.Join(',', NetshOutput.ParseExcludedPortRanges(HostFixtures.Windows(fixture)).Select(i => i.ToString())));

    [Theory]
    [MemberData(nameof(ExcludedPortEntryFixtures))]
    public void ParseExcludedPortRangeEntries_Fixture_KeepsEachLineWithItsAdministeredFlag(string fixture, string expected) =>
        Assert.Equal(expected, string.Join(',', NetshOutput.ParseExcludedPortRangeEntries(HostFixtures.Windows(fixture)).Select(e => e.ToString())));

    [Theory]
    [MemberData(nameof(MalformedExcludedPortRanges))]
    [InlineData("not-implemented.txt")]
    public void ParseExcludedPortRangeEntries_Malformed_ThrowsFormatException(string textOrFixture) =>
        Assert.Throws<FormatException>(() => NetshOutput.ParseExcludedPortRangeEntries(TextOrFixture(textOrFixture)));

    [Theory]
    [MemberData(nameof(MalformedExcludedPortRanges))]
    [InlineData("not-implemented.txt")]
    public void ParseExcludedPortRanges_Malformed_ThrowsFormatException(string textOrFixture) =>
        Assert.Throws<FormatException>(() => NetshOutput.ParseExcludedPortRanges(TextOrFixture(textOrFixture)));

    [Fact]
    public void ParseExcludedPortRanges_TextAfterTable_IgnoresLinesThatAreNotTwoNumbers()
    {
        const string Text = "----------    --------\n  80  80  *\n  90\n  x 100\n  100 200 300\n";

        Assert.Equal([PortInterval.Parse("80")], NetshOutput.ParseExcludedPortRanges(Text));
    }

    [Fact]
    public void Parsers_MoreThanMaxLength_ThrowFormatException()
    {
        string huge = "----------    --------\n" + new string(' ', NetshOutput.MaxLength);

        Assert.Throws<FormatException>(() => NetshOutput.ParseExcludedPortRanges(huge));
        Assert.Throws<FormatException>(() => NetshOutput.ParseDynamicPortRange(huge));
    }

    [Property]
    public Property ParseDynamicPortRange_AnyValidRange_RoundTripsThroughEnglishLayout() =>
        Prop.ForAll(
            Gen.Choose(0, 65535).SelectMany(start => Gen.Choose(1, 65536 - start).Select(count => (start, count))).ToArbitrary(),
            pair =>
            {
                string text = $"\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : {pair.start}\r\nNumber of Ports : {pair.count}\r\n\r\n";
                PortInterval range = NetshOutput.ParseDynamicPortRange(text);
                return range.First.Value == pair.start && range.Count == pair.count;
            });

    [Property]
    public Property ParseExcludedPortRanges_AnyRanges_ReturnsSameSetSortedAndMerged() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            intervals =>
            {
                string rows = string.Concat(intervals.Select((r, i) => $"{r.First.Value,10}  {r.Last.Value,10}{(i % 2 == 0 ? "     *" : "")}\r\n"));
                string text = $"\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n{rows}\r\n* - Administered port exclusions.\r\n";
                PortInterval[] parsed = NetshOutput.ParseExcludedPortRanges(text);
                return HostArbitraries.IsSortedAndMerged(parsed) &&
                    HostArbitraries.Ports(parsed).SetEquals(HostArbitraries.Ports(intervals));
            });

    [Property]
    public Property ParseExcludedPortRangeEntries_AnyRangesAndFlags_RoundTripSortedAndMergeToTheRanges() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            ArbMap.Default.ArbFor<bool[]>(),
            (intervals, flags) =>
            {
                ReservedPortRange[] entries = [.. intervals.Select((r, i) => new ReservedPortRange(r, i < flags.Length && flags[i]))];
                string rows = string.Concat(entries.Select(e => $"{e.Interval.First.Value,10}  {e.Interval.Last.Value,10}{(e.IsAdministered ? "     *" : "")}\r\n"));
                string text = $"\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n{rows}\r\n* - Administered port exclusions.\r\n";

                ReservedPortRange[] parsed = NetshOutput.ParseExcludedPortRangeEntries(text);

                ReservedPortRange[] expected = [.. entries.OrderBy(e => e.Interval.First).ThenBy(e => e.Interval.Last).ThenBy(e => e.IsAdministered)];
                return parsed.SequenceEqual(expected) &&
                    NetshOutput.ParseExcludedPortRanges(text).SequenceEqual(NetshOutput.Merge(parsed));
            });

    [Property(MaxTest = 500)]
    public Property Parsers_ArbitraryAndMutatedText_ReturnOrThrowFormatException() =>
        Prop.ForAll(
            HostArbitraries.NetshText(
                HostFixtures.Windows("dynamicport-tcp-en.txt"),
                HostFixtures.Windows("dynamicport-tcp-fr.txt"),
                HostFixtures.Windows("excludedportrange-tcp-en.txt"),
                HostFixtures.Windows("excludedportrange-tcp-zh.txt"),
                HostFixtures.Windows("excludedportrange-tcp-en-system-only.txt")),
            text => HostArbitraries.OnlyFormatException(() => NetshOutput.ParseDynamicPortRange(text)) &&
                HostArbitraries.OnlyFormatException(() => NetshOutput.ParseExcludedPortRanges(text)) &&
                HostArbitraries.OnlyFormatException(() => NetshOutput.ParseExcludedPortRangeEntries(text)));

    private static string TextOrFixture(string value) => value.EndsWith(".txt", StringComparison.Ordinal) ? HostFixtures.Windows(value) : value;
}
