using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Listeners;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host.Linux;

public class LinuxCapabilitiesTests
{
    // The shape of /proc/self/status on Linux 6.x, cut to the lines around the capability sets.
    private const string Status =
        "Name:\tdotnet\nUmask:\t0022\nState:\tR (running)\nUid:\t65534\t65534\t65534\t65534\n" +
        "CapInh:\t0000000000000000\nCapPrm:\tMASK\nCapEff:\tMASK\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\n";

    private static byte[] StatusWith(string mask) => Encoding.ASCII.GetBytes(Status.Replace("MASK", mask, StringComparison.Ordinal));

    [Theory]
    [InlineData("0000000000000000", false)]
    [InlineData("0000000000000400", true)]
    [InlineData("000001ffffffffff", true)]
    [InlineData("000001fffffffbff", false)]
    public void TryParseEffective_StatusText_ReadsNetBindServiceBit(string mask, bool expected)
    {
        Assert.True(LinuxCapabilities.TryParseEffective(StatusWith(mask), out ulong effective));
        Assert.Equal(expected, (effective & LinuxCapabilities.NetBindService) != 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Name:\tx\n")]
    [InlineData("CapEff:\t0000000000000400")]
    [InlineData("CapEff:\t\n")]
    [InlineData("CapEff:\t00000000000004000\n")]
    [InlineData("CapEff:\t00000000000004g0\n")]
    public void TryParseEffective_MissingCutOrMalformed_ReturnsFalse(string text) =>
        Assert.False(LinuxCapabilities.TryParseEffective(Encoding.ASCII.GetBytes(text), out _));

    [Property]
    public Property TryParseEffective_AnyMask_RoundTrips() =>
        Prop.ForAll(
            Gen.Choose(0, int.MaxValue).SelectMany(high => Gen.Choose(0, int.MaxValue).Select(low => ((ulong)(uint)high << 32) | (uint)low)).ToArbitrary(),
            mask => LinuxCapabilities.TryParseEffective(StatusWith(mask.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)), out ulong parsed) && parsed == mask);

    [Property(MaxTest = 500)]
    public Property TryParseEffective_MutatedStatus_NeverThrows() =>
        Prop.ForAll(
            Gen.ArrayOf(Mutation.Generator).ToArbitrary(),
            mutations =>
            {
                byte[] text = Mutation.Apply(StatusWith("0000000000000400"), mutations);
                _ = LinuxCapabilities.TryParseEffective(text, out _);
                return true;
            });

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void HasNetBindService_ThisProcess_AgreesWithProcStatus()
    {
        string line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        ulong mask = Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);

        Assert.Equal((mask & 0x400) != 0, LinuxCapabilities.HasNetBindService());
    }
}
