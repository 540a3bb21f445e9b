using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Host.Linux;

[SupportedOSPlatform("linux")]
public class LinuxHostPortSettingsTests
{
    [Fact]
    public void Read_DefaultFixture_ReadsKernelDefaultsFromFiles()
    {
        HostPortSettings settings = LinuxHostPortSettings.Read(HostFixtures.LinuxDirectory("default"));

        Assert.Equal(PortInterval.Parse("32768-60999"), settings.EphemeralRange(Transport.Tcp));
        Assert.Empty(settings.Reserved(Transport.Tcp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
        Assert.All(settings.Provenance, source =>
        {
            Assert.Equal(HostSettingOrigin.File, source.Origin);
            Assert.Equal(HostSettingFallback.None, source.Fallback);
            Assert.Null(source.Reason);
            Assert.Null(source.Transport);
            Assert.Null(source.AddressFamily);
        });
        Assert.Equal(
            [HostSetting.EphemeralRange, HostSetting.ReservedPorts, HostSetting.UnprivilegedPortStart],
            settings.Provenance.Select(s => s.Setting));
    }

    [Fact]
    public void Read_UnusualFixture_AppliesToEveryTransportAndFamily()
    {
        HostPortSettings settings = LinuxHostPortSettings.Read(HostFixtures.LinuxDirectory("unusual"));

        AssertUnusual(settings);
        Assert.Equal(
            Path.Combine(HostFixtures.LinuxDirectory("unusual"), "ip_local_reserved_ports"),
            settings.Provenance[1].Location);
        Assert.Equal("41300,41400-41410", settings.Provenance[1].Value);
    }

    [Fact]
    public void Read_KernelWithoutUnprivilegedPortStart_Uses1024AsAbsent()
    {
        HostPortSettings settings = LinuxHostPortSettings.Read(HostFixtures.LinuxDirectory("kernel-4.9"));

        Assert.Equal(PortInterval.Parse("32768-61000"), settings.EphemeralRange(Transport.Udp));
        Assert.Equal([PortInterval.Parse("8080"), PortInterval.Parse("9000-9100")], settings.Reserved(Transport.Udp));
        // Only root sets ip_local_reserved_ports: every Linux range is an administrator's.
        Assert.Equal(
            [new ReservedPortRange(PortInterval.Parse("8080"), true), new ReservedPortRange(PortInterval.Parse("9000-9100"), true)],
            settings.ReservedDetails(Transport.Udp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
        HostSettingProvenance source = settings.Provenance[2];
        Assert.Equal(HostSettingOrigin.Default, source.Origin);
        Assert.Equal(HostSettingFallback.Absent, source.Fallback);
        Assert.Equal(
            "The file does not exist (FileNotFoundException); using 1024, the fixed limit of kernels older than 4.11 (which lack this file) and the default of those that have it.",
            source.Reason);
    }

    [Fact]
    public void Read_MalformedFiles_UsesDefaultsAndSaysMalformed()
    {
        HostPortSettings settings = LinuxHostPortSettings.Read(HostFixtures.LinuxDirectory("malformed"));

        Assert.Equal(PortInterval.Parse("32768-60999"), settings.EphemeralRange(Transport.Tcp));
        Assert.Empty(settings.Reserved(Transport.Tcp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
        Assert.All(settings.Provenance, source =>
        {
            Assert.Equal(HostSettingOrigin.Default, source.Origin);
            Assert.Equal(HostSettingFallback.Malformed, source.Fallback);
            Assert.False(string.IsNullOrEmpty(source.Reason));
        });
    }

    [Fact]
    public void Read_MissingDirectory_UsesDefaultsAndSaysAbsent()
    {
        HostPortSettings settings = LinuxHostPortSettings.Read(Path.Combine(AppContext.BaseDirectory, "no-such-proc"));

        Assert.Equal(PortInterval.Parse("32768-60999"), settings.EphemeralRange(Transport.Tcp));
        Assert.All(settings.Provenance, source => Assert.Equal(HostSettingFallback.Absent, source.Fallback));
    }

    [Fact]
    public void Read_UnreadableFile_UsesDefaultAndSaysUnreadable()
    {
        // A directory where a file is expected fails like a file the process may not read.
        string directory = Directory.CreateTempSubdirectory("host-settings-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "ip_local_port_range"));
            HostPortSettings settings = LinuxHostPortSettings.Read(directory);

            Assert.Equal(HostSettingFallback.Unreadable, settings.Provenance[0].Fallback);
            Assert.Equal(HostSettingFallback.Absent, settings.Provenance[1].Fallback);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LinuxFact]
    public void Read_ThisHost_ReadsEveryValueFromProc()
    {
        HostPortSettings settings = HostPortSettings.Read();

        // Every supported kernel (4.11+) has all three files; a default here would hide a broken reader.
        Assert.All(settings.Provenance, source => Assert.Equal(HostSettingOrigin.File, source.Origin));
        Assert.Equal(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim().Replace('\t', '-'),
            settings.EphemeralRange(Transport.Tcp).ToString());
    }

    [NetworkNamespaceFact]
    public void Read_InFreshNetworkNamespace_ReadsValuesWrittenThere()
    {
        (HostPortSettings Inside, HostPortSettings Current, string Written) result = NetworkNamespace.Run(() =>
        {
            // The range first: the kernel rejects an unprivileged start that overlaps it.
            NetworkNamespace.WriteSysctl("ipv4/ip_local_port_range", "41234 41987");
            NetworkNamespace.WriteSysctl("ipv4/ip_local_reserved_ports", "41300,41400-41410");
            NetworkNamespace.WriteSysctl("ipv4/ip_unprivileged_port_start", "777");
            return (HostPortSettings.Read(), HostPortSettings.Current, NetworkNamespace.ReadSysctl("ipv4/ip_local_port_range"));
        });

        Assert.Equal("41234\t41987", result.Written);
        AssertUnusual(result.Inside);
        AssertUnusual(result.Current);
        Assert.All(result.Inside.Provenance, source => Assert.Equal(HostSettingOrigin.File, source.Origin));

        // The test process's own namespace is untouched.
        HostPortSettings outside = HostPortSettings.Read();
        Assert.NotEqual(PortInterval.Parse("41234-41987"), outside.EphemeralRange(Transport.Tcp));
        Assert.False(outside.IsReserved((PortNumber)41300, Transport.Tcp));
    }

    [NetworkNamespaceFact]
    public void Read_InFreshNetworkNamespace_StartsFromKernelDefaults()
    {
        HostPortSettings settings = NetworkNamespace.Run(HostPortSettings.Read);

        Assert.Equal(PortInterval.Parse("32768-60999"), settings.EphemeralRange(Transport.Tcp));
        Assert.Empty(settings.Reserved(Transport.Tcp));
        Assert.Equal((PortNumber)1024, settings.UnprivilegedPortStart);
    }

    private static void AssertUnusual(HostPortSettings settings)
    {
        PortInterval range = PortInterval.Parse("41234-41987");
        PortInterval[] reserved = [PortInterval.Parse("41300"), PortInterval.Parse("41400-41410")];
        foreach (Transport transport in Enum.GetValues<Transport>())
        {
            Assert.Equal(range, settings.EphemeralRange(transport));
            Assert.Equal(range, settings.EphemeralRange(transport, System.Net.Sockets.AddressFamily.InterNetworkV6));
            Assert.Equal(reserved, settings.Reserved(transport));
        }

        Assert.Equal((PortNumber)777, settings.UnprivilegedPortStart);
        Assert.True(settings.IsPrivileged((PortNumber)776));
        Assert.False(settings.IsPrivileged((PortNumber)777));
        Assert.True(settings.IsEphemeral((PortNumber)41234, Transport.Tcp));
        Assert.False(settings.IsEphemeral((PortNumber)41988, Transport.Udp));
        Assert.True(settings.IsReserved((PortNumber)41405, Transport.Udp));
        Assert.False(settings.IsReserved((PortNumber)41411, Transport.Tcp));
    }
}
