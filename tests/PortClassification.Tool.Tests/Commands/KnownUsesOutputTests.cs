using System.Text.Json;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class KnownUsesOutputTests
{
    private static readonly ServiceInfo Webmin = new("webmin", new PortInterval(new PortNumber(10000)), Transport.Tcp, ServiceKind.KnownUse, "Webmin web administration")
    {
        Source = "webmin/webmin:setup.sh",
        Category = "remote-access",
        Aliases = ["miniserv"],
    };

    private static readonly ServiceInfo Ndmp = new("ndmp", new PortInterval(new PortNumber(10000)), Transport.Tcp, ServiceKind.Iana, "Network Data Management Protocol");

    private static readonly ServiceInfo AirPlay = new("airplay-receiver", new PortInterval(new PortNumber(7000)), Transport.Tcp, ServiceKind.KnownUse, "macOS AirPlay Receiver")
    {
        Source = "https://support.apple.com/en-us/103229",
        Platforms = ["macos"],
    };

    [Fact]
    public void Port_KnownUse_ShowsItBesideIanaAndItsSourceOnlyWithSources()
    {
        var facts = new FakeFacts { Services = [Ndmp, Webmin] };

        string plain = ToolRunner.Run(facts, "10000").Out;
        string sourced = ToolRunner.Run(facts, "10000", "--sources").Out;

        Assert.Contains("ndmp    10000/tcp  IANA       Network Data Management Protocol", plain, StringComparison.Ordinal);
        Assert.Contains("webmin  10000/tcp  known use  Webmin web administration", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("webmin/webmin:setup.sh", plain, StringComparison.Ordinal);
        Assert.Contains("('--sources' shows where each known use is documented)", plain, StringComparison.Ordinal);
        Assert.Contains("      source: webmin/webmin:setup.sh", sourced, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_KnownUseOfOneOs_NamesTheOs()
    {
        var facts = new FakeFacts { Services = [AirPlay] };

        Assert.Contains("known use (macos)", ToolRunner.Run(facts, "7000").Out, StringComparison.Ordinal);
    }

    /// <summary>Uses on this OS come first, narrowest first, whatever the table's order; another OS's use comes last.</summary>
    [Fact]
    public void Port_KnownUses_ThisOsAndNarrowestFirst()
    {
        var otherOs = new ServiceInfo("other-os-port", new PortInterval(new PortNumber(60400)), Transport.Tcp, ServiceKind.KnownUse, "One port on one OS")
        {
            Platforms = [OperatingSystem.IsWindows() ? "macos" : "windows"],
        };
        var wideRange = new ServiceInfo("wide-range", new PortInterval(new PortNumber(60000), new PortNumber(61000)), Transport.Tcp, ServiceKind.KnownUse, "A range on every OS");
        var single = new ServiceInfo("single-port", new PortInterval(new PortNumber(60400)), Transport.Tcp, ServiceKind.KnownUse, "One port on every OS");
        var facts = new FakeFacts { Services = [otherOs, wideRange, single] };

        string output = ToolRunner.Run(facts, "60400/tcp").Out;

        int first = output.IndexOf("single-port", StringComparison.Ordinal);
        int second = output.IndexOf("wide-range", StringComparison.Ordinal);
        int third = output.IndexOf("other-os-port", StringComparison.Ordinal);
        Assert.True(first >= 0 && first < second && second < third, output);
    }

    [Theory]
    [InlineData("6667", true)]
    [InlineData("10080", true)]
    [InlineData("8080", false)]
    public void Port_BrowserBlockedPort_SaysBrowsersRefuseIt(string port, bool blocked)
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), port);

        Assert.Equal(blocked, result.Out.Contains("Chrome and Firefox refuse http:// on this port", StringComparison.Ordinal));
    }

    [Fact]
    public void Port_HostServicesNameDiffers_MentionsTheHostsName()
    {
        var facts = new FakeFacts
        {
            Services = [Ndmp, Webmin],
            HostFile =
            [
                new ServiceInfo("webmin", new PortInterval(new PortNumber(10000)), Transport.Tcp, ServiceKind.Host, ""),
                new ServiceInfo("snet-admin", new PortInterval(new PortNumber(10000)), Transport.Tcp, ServiceKind.Host, "local tool"),
            ],
        };

        string output = ToolRunner.Run(facts, "10000").Out;

        Assert.Contains("this host's /etc/services calls 10000/tcp 'snet-admin' (local tool)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("calls 10000/tcp 'webmin'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_HostServicesFileBroken_SaysSoAndStillReports()
    {
        var facts = new FakeFacts { HostFileFailure = new IOException("line 3 is malformed") };

        ToolResult result = ToolRunner.Run(facts, "60400");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: /etc/services could not be read: line 3 is malformed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void PortJson_AlwaysHasSourcesCategoryBrowserAndHostFields()
    {
        var facts = new FakeFacts
        {
            Services = [Ndmp, Webmin],
            HostFile = [new ServiceInfo("snet", new PortInterval(new PortNumber(10000)), Transport.Tcp, ServiceKind.Host, "")],
        };

        using JsonDocument document = JsonDocument.Parse(ToolRunner.Run(facts, "10000", "--json").Out);
        JsonElement root = document.RootElement;
        JsonElement webmin = root.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "webmin");

        Assert.Equal("webmin/webmin:setup.sh", webmin.GetProperty("source").GetString());
        Assert.Equal("knownUse", webmin.GetProperty("origin").GetString());
        Assert.Equal("remote-access", webmin.GetProperty("category").GetString());
        Assert.Equal(["miniserv"], webmin.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.False(root.GetProperty("browserBlocked").GetProperty("blocked").GetBoolean());
        Assert.Equal("host", Assert.Single(root.GetProperty("hostServices").EnumerateArray()).GetProperty("origin").GetString());
    }

    [Fact]
    public void LookupSearch_ListsMatchesBestFirst()
    {
        var facts = new FakeFacts { Services = [Ndmp, Webmin] };

        ToolResult result = ToolRunner.Run(facts, "lookup", "--search", "webmin");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("webmin", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_ByAlias_FindsTheKnownUse()
    {
        var facts = new FakeFacts { Services = [Ndmp, Webmin] };

        ToolResult result = ToolRunner.Run(facts, "lookup", "miniserv");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("webmin", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void BestKnownService_SkipsAKnownUseOfAnotherOs()
    {
        ServiceInfo other = OperatingSystem.IsMacOS()
            ? AirPlay with { Platforms = ["windows"] }
            : AirPlay;

        Assert.Null(ListenerRows.BestKnownService([other]));
        Assert.Equal("webmin", ListenerRows.BestKnownService([other, Webmin]));
    }
}
