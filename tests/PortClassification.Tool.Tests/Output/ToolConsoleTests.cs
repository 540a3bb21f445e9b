using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class ToolConsoleTests
{
    [Theory]
    [InlineData(false, null, null, true)]
    [InlineData(false, "", "xterm-256color", true)]
    [InlineData(true, null, null, false)]
    [InlineData(false, "1", null, false)]
    [InlineData(false, "0", null, false)]
    [InlineData(false, null, "dumb", false)]
    public void ShouldColor_TerminalNoColorAndTerm_FollowNoColorOrg(bool redirected, string? noColor, string? term, bool expected)
    {
        string? Variable(string name) => name switch
        {
            "NO_COLOR" => noColor,
            "TERM" => term,
            _ => null,
        };

        Assert.Equal(expected, ToolConsole.ShouldColor(redirected, Variable));
    }

    [Fact]
    public void Style_WithoutColour_ReturnsTextUnchanged()
    {
        var console = new ToolConsole(TextWriter.Null, TextWriter.Null, Color: false);

        Assert.Equal("60400", console.Style.Accent("60400"));
        Assert.Equal("\u001b[33mwarn\u001b[0m", Styler.Ansi.Warning("warn"));
    }
}
