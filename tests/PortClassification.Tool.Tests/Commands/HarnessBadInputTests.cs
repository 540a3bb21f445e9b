using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

/// <summary>Bad input to <c>exec</c>, <c>wait</c> and <c>kill</c>: one line on standard error, nothing on standard output, exit code 2.</summary>
public class HarnessBadInputTests
{
    [Theory]
    [InlineData("exec", "Required argument 'command' missing")]
    [InlineData("exec --env 1A -- true", "'1A' is not an environment variable name")]
    [InlineData("exec --count 0 -- true", "'0' is not a valid count")]
    [InlineData("exec --count 2 --env A -- true", "--count 2 does not match the 1 --env name(s)")]
    [InlineData("exec --name a --name b --name c --count 2 -- true", "3 --name values for 2 port(s)")]
    [InlineData("exec --bogus -- true", "unknown option '--bogus' for 'portclass exec'")]
    [InlineData("wait", "Required argument 'port' missing")]
    [InlineData("wait 0", "'0' is not a port a server can listen on")]
    [InlineData("wait 70000", "'70000' is not a port a server can listen on")]
    [InlineData("wait 80 --timeout -1", "'-1' is not a timeout")]
    [InlineData("wait 80 --timeout 1e3", "'1e3' is not a timeout")]
    [InlineData("wait 80 --address 127.1", "'127.1' is not an IP address")]
    [InlineData("wait 80 --http health", "'health' is not an HTTP path")]
    [InlineData("wait 80 --ok", "--ok needs --http PATH")]
    [InlineData("wait 80 --free --http /", "--free and --http cannot be combined")]
    [InlineData("kill", "Required argument 'port' missing")]
    [InlineData("kill 0", "'0' is not a port a server can listen on")]
    [InlineData("kill 80 --signal FOO", "'FOO' is not a signal portclass sends")]
    [InlineData("kill 80 --timeout x", "'x' is not a timeout")]
    public void BadInput_OneLineOnStandardErrorExitTwo(string commandLine, string expected)
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, commandLine.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(1, result.Error.Count(c => c == '\n'));
        Assert.StartsWith("portclass: " + expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(facts.Leases);
        Assert.Empty(facts.Signals);
    }

    [Fact]
    public async Task BadInput_BuiltTool_ExitTwo()
    {
        ToolResult result = await BuiltTool.RunAsync("kill", "80", "--signal", "NOPE");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("portclass: 'NOPE' is not a signal portclass sends: expected one of TERM, INT, HUP, QUIT, KILL, USR1, USR2.\n", result.Error);
    }
}
