using Xunit;

namespace PortClassification.Tests.Registry;

public class KnownUsesReaderTests
{
    private const string Good = "webmin,10000,tcp,remote-access,,,Webmin web administration,https://webmin.com/docs/";

    private static List<ServiceEntry> Read(params string[] rows) =>
        KnownUsesReader.Read(new StringReader(KnownUsesReader.Header + "\n" + string.Join("\n", rows) + "\n"));

    [Fact]
    public void Read_GoodRow_GivesAKnownUsePerTransport()
    {
        List<ServiceEntry> entries = Read(Good, "wireguard,51820,tcp udp,vpn,linux macos,wg wireguard-go,WireGuard,zx2c4/wireguard-go:main.go#L10");

        Assert.Equal(3, entries.Count);
        Assert.Equal(ServiceCategory.RemoteAccess, entries[0].Category);
        Assert.Equal(ServicePlatforms.All, entries[0].Platforms);
        Assert.Equal([Transport.Tcp, Transport.Udp], entries.Skip(1).Select(e => e.Transport!.Value));
        Assert.Equal(ServicePlatforms.Linux | ServicePlatforms.MacOS, entries[1].Platforms);
        Assert.Equal(["wg", "wireguard-go"], entries[2].Aliases);
    }

    [Theory]
    [InlineData("Webmin,10000,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("web--min,10000,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin-,10000,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("1webmin,10000,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin,70000,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin,20-10,tcp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin,10000,sctp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin,10000,udp tcp,remote-access,,,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,admin,,,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,bsd,,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,linux linux,,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,Webmin,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,webmin,d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,,,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,, d,https://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,,d,http://a.example/")]
    [InlineData("webmin,10000,tcp,remote-access,,,d,webmin.com")]
    [InlineData("webmin,10000,tcp,remote-access,,,d,owner/repo")]
    [InlineData("webmin,10000,tcp,remote-access,,,d,owner/repo:/abs")]
    [InlineData("webmin,10000,tcp,remote-access,,,d,owner/repo:path#12")]
    [InlineData("webmin,10000,tcp,remote-access,,,d")]
    public void Read_BadRow_ThrowsFormatExceptionNamingLine2(string row)
    {
        FormatException e = Assert.Throws<FormatException>(() => Read(row));

        Assert.StartsWith("known-uses.csv line 2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooLongDescription_Throws()
    {
        string row = $"webmin,10000,tcp,remote-access,,,{new string('d', 121)},https://webmin.com/";

        Assert.Throws<FormatException>(() => Read(row));
        Assert.Single(Read($"webmin,10000,tcp,remote-access,,,{new string('d', 120)},https://webmin.com/"));
    }

    [Fact]
    public void Read_DuplicateNamePortAndTransport_ThrowsNamingTheSecondLine()
    {
        FormatException e = Assert.Throws<FormatException>(() => Read(Good, "webmin,10000,tcp udp,web-server,,,Other,https://webmin.com/"));

        Assert.StartsWith("known-uses.csv line 3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongHeader_Throws() =>
        Assert.Throws<FormatException>(() => KnownUsesReader.Read(new StringReader("name,port\n" + Good + "\n")));

    [Theory]
    [InlineData("https://www.wireguard.com/quickstart/", true)]
    [InlineData("etopzone/CERTI:libCERTI/NetworkMessage.hh#L39", true)]
    [InlineData("owner/repo.js:src/a.c#L1-L20", true)]
    [InlineData("owner/repo:src/a.c#L0", false)]
    [InlineData("https://localhost/", false)]
    [InlineData("owner/re po:a", false)]
    [InlineData("owner/sub/repo:a", false)]
    public void IsSource_AcceptsUrlsAndRepositoryFiles(string source, bool expected) =>
        Assert.Equal(expected, KnownUsesReader.IsSource(source));
}
