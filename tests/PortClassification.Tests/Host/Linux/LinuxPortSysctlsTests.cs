using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Host.Linux;

public class LinuxPortSysctlsTests
{
    public static TheoryData<string, int, int> LocalPortRanges => new()
    {
        { "32768\t60999\n", 32768, 60999 },
        { "41234\t41987\n", 41234, 41987 },
        { "32768\t61000\n", 32768, 61000 },
        { "1\t65535\n", 1, 65535 },
        { "40000\t40000", 40000, 40000 },
        { "1024 65535\n", 1024, 65535 },
        { "1024 \t 65535\r\n", 1024, 65535 },
    };

    public static TheoryData<string> MalformedLocalPortRanges => new()
    {
        "",
        "\n",
        "32768\n",
        "32768,60999\n",
        "32768-60999\n",
        "60999\t32768\n",
        "32768\t65536\n",
        "-1\t60999\n",
        "32768\t60999\t1\n",
        "32768\t\n60999x",
        "\uff13\uff12\t1",
        "0\t0\n",
        "0\t60999\n",
        "00\t1\n",
    };

    public static TheoryData<string, string> ReservedPorts => new()
    {
        { "\n", "" },
        { "", "" },
        { "41300,41400-41410\n", "41300,41400-41410" },
        { "40001,40003-40005\n", "40001,40003-40005" },
        { "8080\n", "8080" },
        { "9000-9100,8080\n", "8080,9000-9100" },
        { "1,2,3,5-7,6-9\n", "1-3,5-9" },
        { "0-65535\n", "0-65535" },
    };

    public static TheoryData<string> MalformedReservedPorts => new()
    {
        ",\n",
        "40001,\n",
        ",40001\n",
        "40001,,40002\n",
        "40003-\n",
        "40005-40003\n",
        "40001 40002\n",
        "65536\n",
        "4000a\n",
    };

    [Theory]
    [MemberData(nameof(LocalPortRanges))]
    public void ParseLocalPortRange_KernelText_ReturnsInterval(string text, int first, int last) =>
        Assert.Equal(new PortInterval((PortNumber)first, (PortNumber)last), LinuxPortSysctls.ParseLocalPortRange(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [MemberData(nameof(MalformedLocalPortRanges))]
    public void ParseLocalPortRange_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => LinuxPortSysctls.ParseLocalPortRange(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [MemberData(nameof(ReservedPorts))]
    public void ParseReservedPorts_KernelText_ReturnsSortedMergedList(string text, string expected) =>
        Assert.Equal(expected, Format(LinuxPortSysctls.ParseReservedPorts(Encoding.UTF8.GetBytes(text))));

    [Theory]
    [MemberData(nameof(MalformedReservedPorts))]
    public void ParseReservedPorts_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => LinuxPortSysctls.ParseReservedPorts(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("1024\n", 1024)]
    [InlineData("777\n", 777)]
    [InlineData("0\n", 0)]
    [InlineData("65535", 65535)]
    public void ParseUnprivilegedPortStart_KernelText_ReturnsPort(string text, int expected) =>
        Assert.Equal((PortNumber)expected, LinuxPortSysctls.ParseUnprivilegedPortStart(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("-1\n")]
    [InlineData("65536\n")]
    [InlineData("1024 1025\n")]
    [InlineData("0x400\n")]
    public void ParseUnprivilegedPortStart_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => LinuxPortSysctls.ParseUnprivilegedPortStart(Encoding.UTF8.GetBytes(text)));

    [Property]
    public Property ParseLocalPortRange_FormattedByKernel_RoundTrips() =>
        Prop.ForAll(
            Gen.Choose(1, 65535).Two().ToArbitrary(),
            pair =>
            {
                (int a, int b) = (Math.Min(pair.Item1, pair.Item2), Math.Max(pair.Item1, pair.Item2));
                PortInterval parsed = LinuxPortSysctls.ParseLocalPortRange(Encoding.ASCII.GetBytes($"{a}\t{b}\n"));
                return parsed.First.Value == a && parsed.Last.Value == b;
            });

    [Property]
    public Property ParseReservedPorts_AnyList_ReturnsSameSetSortedAndMerged() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            intervals =>
            {
                string text = string.Join(',', intervals.Select(i => i.ToString())) + "\n";
                PortInterval[] parsed = LinuxPortSysctls.ParseReservedPorts(Encoding.ASCII.GetBytes(text));
                return HostArbitraries.IsSortedAndMerged(parsed) &&
                    HostArbitraries.Ports(parsed).SetEquals(HostArbitraries.Ports(intervals));
            });

    [Property(MaxTest = 1000)]
    public Property ParseLocalPortRange_AnyTwoNumbers_AcceptedExactlyWhenTheKernelWouldAccept() =>
        Prop.ForAll(
            Gen.Choose(-2, 65537).Two().ToArbitrary(),
            pair =>
            {
                (int first, int last) = pair;
                // net/ipv4/sysctl_net_ipv4.c: each value within [1, 65535], and EINVAL when last < first.
                bool kernelAccepts = first >= 1 && last <= 65535 && first <= last;
                byte[] text = Encoding.ASCII.GetBytes($"{first}\t{last}\n");
                try
                {
                    PortInterval parsed = LinuxPortSysctls.ParseLocalPortRange(text);
                    return kernelAccepts && parsed.First.Value == first && parsed.Last.Value == last;
                }
                catch (FormatException)
                {
                    return !kernelAccepts;
                }
            });

    [Property(MaxTest = 500)]
    public Property Parsers_ArbitraryBytes_ReturnOrThrowFormatException() =>
        Prop.ForAll(
            HostArbitraries.LinuxSysctlText(),
            bytes => HostArbitraries.OnlyFormatException(() => LinuxPortSysctls.ParseLocalPortRange(bytes)) &&
                HostArbitraries.OnlyFormatException(() => LinuxPortSysctls.ParseReservedPorts(bytes)) &&
                HostArbitraries.OnlyFormatException(() => LinuxPortSysctls.ParseUnprivilegedPortStart(bytes)));

    private static string Format(PortInterval[] intervals) => string.Join(',', intervals.Select(i => i.ToString()));
}
