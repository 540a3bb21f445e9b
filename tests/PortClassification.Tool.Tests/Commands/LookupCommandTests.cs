using System.Text.Json;
using PortClassification.Tool.Reports;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class LookupCommandTests
{
    [Fact]
    public void Text_ExactName_AnyCase_ListsEveryEntry()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "lookup", "HTTPS");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            NAME   PORT  PROTO  ORIGIN  DESCRIPTION
            https   443  tcp    iana    http protocol over TLS/SSL
            https   443  udp    iana    http protocol over TLS/SSL

            """,
            result.Out);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void Text_RangeAndUnofficial_ShowsRangeAndOrigin()
    {
        var facts = new FakeFacts();
        facts.Services.Add(new ServiceInfo("any-transport", PortInterval.Parse("7000-7009"), null, ServiceKind.User, string.Empty));

        Assert.Contains("x11   6000-6063  tcp    iana    X Window System", ToolRunner.Run(facts, "lookup", "x11").Out, StringComparison.Ordinal);
        Assert.Contains("certi-rtig  60400  tcp    knownUse  CERTI HLA RTI gateway (RTIG)", ToolRunner.Run(facts, "lookup", "certi-rtig").Out, StringComparison.Ordinal);
        Assert.Contains("any-transport  7000-7009  any    user    -", ToolRunner.Run(facts, "lookup", "any-transport").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_NoExactName_SuggestsNamesContainingItAndExitsWithOne()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "lookup", "http");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("portclass: no service is named 'http'.\n", result.Error);
        Assert.StartsWith("Closest matches for 'http':\nNAME ", result.Out, StringComparison.Ordinal);
        Assert.Contains("https", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasTheDocumentedSchema()
    {
        ToolResult found = ToolRunner.Run(new FakeFacts(), "lookup", "https", "--json");
        ToolResult missing = ToolRunner.Run(new FakeFacts(), "lookup", "rtig", "--json");

        using JsonDocument document = JsonDocument.Parse(found.Out);
        JsonAssert.Properties(document.RootElement, "schemaVersion", "query", "services", "suggestions");
        Assert.Equal(2, document.RootElement.GetProperty("services").GetArrayLength());
        Assert.All(document.RootElement.GetProperty("services").EnumerateArray(), JsonAssert.Service);
        Assert.Equal(0, document.RootElement.GetProperty("suggestions").GetArrayLength());

        Assert.Equal(1, missing.ExitCode);
        using JsonDocument none = JsonDocument.Parse(missing.Out);
        Assert.Equal(0, none.RootElement.GetProperty("services").GetArrayLength());
        Assert.Equal(["certi-rtig/60400", "certi-rtig/60500"], none.RootElement.GetProperty("suggestions").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}/{s.GetProperty("ports").GetProperty("first").GetInt32()}"));
    }

    [Fact]
    public void Text_PortInsteadOfName_PointsToThePortCommand()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "lookup", "443/tcp");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("portclass: no service is named '443/tcp'; for what uses a port, run 'portclass 443/tcp'.\n", result.Error);
    }

    [Fact]
    public void Text_ControlCharactersInName_EchoedEscapedOnOneLine()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "lookup", "x\u001b]0;pwned\u0007\ny");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("portclass: no service is named 'x\\x1b]0;pwned\\x07\\ny'.\n", result.Error);
    }
}
