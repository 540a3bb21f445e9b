using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests;

public class CliTests
{
    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { ["70000"], "'70000' is out of range: expected a port number from 0 to 65535" },
        { ["65536/tcp"], "'65536' is out of range: expected a port number from 0 to 65535" },
        { ["abc"], "'abc' is not a port: expected a port number from 0 to 65535" },
        { ["-1"], "unknown option '-1'" },
        { ["+80"], "'+80' is not a port" },
        { ["80/sctp"], "'80/sctp' has an unknown transport 'sctp'" },
        { ["80/"], "'80/' has an unknown transport ''" },
        { ["port", "99999"], "'99999' is out of range" },
        { ["60400", "7"], "unexpected argument '7' for 'portclass port'" },
        { ["--bogus"], "unknown option '--bogus' for 'portclass'" },
        { ["list", "--bogus"], "unknown option '--bogus' for 'portclass list'; see 'portclass list --help'." },
        { ["list", "--port", "70000"], "'70000' is not a port: expected a number from 0 to 65535." },
        { ["list", "--pid", "x"], "'x' is not a process id" },
        { ["list", "extra"], "unexpected argument 'extra' for 'portclass list'" },
        { ["free", "--count", "0"], "'0' is not a valid count: expected a whole number from 1 to 1000." },
        { ["free", "-n", "1001"], "from 1 to 1000" },
        { ["lookup"], "Required argument 'name' missing" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Run_BadCommandLine_WritesOneLineToStandardErrorAndExitsWithTwo(string[] args, string expected)
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        string line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("portclass: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        Assert.Empty(facts.Queries);
        Assert.Empty(facts.Leases);
    }

    [Fact]
    public void Run_MistypedCommand_SaysACommandWasPossibleToo()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), "lisst");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("or a command (list, free, host, lookup, exec, wait, kill)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("60400")]
    [InlineData("0")]
    [InlineData("65535")]
    [InlineData("443/tcp")]
    [InlineData("60500/UDP")]
    public void Run_ValidPort_ExitsWithZero(string port)
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), port);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("--", "60400")]
    [InlineData("--json", "--", "60400")]
    public void Run_PortAfterDoubleDash_ExplainsIt(params string[] args)
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, args);
        ToolResult plain = ToolRunner.Run(facts, [.. args.Where(a => a != "--")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(plain.Out, result.Out);
        Assert.Contains("60400", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Shorthand_WritesWhatThePortCommandWrites()
    {
        var facts = new FakeFacts();

        ToolResult shorthand = ToolRunner.Run(facts, "60400");
        ToolResult command = ToolRunner.Run(facts, "port", "60400");

        Assert.Equal(command, shorthand);
    }

    [Theory]
    [InlineData("--json", "60400")]
    [InlineData("60400", "--json")]
    [InlineData("port", "--json", "60400")]
    public void Run_JsonAnywhere_WritesJson(params string[] args)
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), args);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoArguments_ShowsHelpOnStandardOutput()
    {
        ToolResult result = ToolRunner.Run(new FakeFacts());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("portclass 60400", result.Out, StringComparison.Ordinal);
        foreach (string command in new[] { "port", "list", "free", "host", "lookup" })
        {
            Assert.Contains($"  {command} ", result.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("list", "--help")]
    [InlineData("free", "-h")]
    public void Run_Help_ExitsWithZero(params string[] args)
    {
        ToolResult result = ToolRunner.Run(new FakeFacts(), args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--json", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData(new[] { "60400" }, true, 0)]
    [InlineData(new[] { "--json", "60400" }, true, 1)]
    [InlineData(new[] { "-x", "list" }, false, 0)]
    [InlineData(new[] { "-x", "8080" }, true, 1)]
    [InlineData(new[] { "list" }, false, 0)]
    [InlineData(new[] { "lookup", "x" }, false, 0)]
    [InlineData(new[] { "[suggest]", "li" }, false, 0)]
    [InlineData(new string[0], false, 0)]
    [InlineData(new[] { "--", "60400" }, true, 0)]
    [InlineData(new[] { "--json", "--", "60400" }, true, 1)]
    [InlineData(new[] { "--", "list" }, true, 0)]
    [InlineData(new[] { "--" }, false, 0)]
    public void IsPortShorthand_FirstPositionalArgument_IsAPortUnlessACommand(string[] args, bool expected, int index)
    {
        bool shorthand = Cli.IsPortShorthand(args, out int at);

        Assert.Equal(expected, shorthand);
        if (expected)
        {
            Assert.Equal(index, at);
        }
    }

    [Fact]
    public void Run_OsRefuses_OneLineExitOne()
    {
        var facts = new FakeFacts { HostFailure = new UnauthorizedAccessException("Access to the path '/proc/sys/net/ipv4' is denied.") };

        ToolResult result = ToolRunner.Run(facts, "host");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("portclass: Access to the path '/proc/sys/net/ipv4' is denied.\n", result.Error);
    }

    [Fact]
    public void Run_Bug_NoStackTraceUnlessAskedFor()
    {
        var facts = new FakeFacts { HostFailure = new InvalidCastException("Boom.") };

        ToolResult result = ToolRunner.Run(facts, "60400");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "portclass: internal error: InvalidCastException: Boom.\n" +
            "portclass: set PORTCLASS_DEBUG=1 to see where it happened, and please report it.\n",
            result.Error);
    }
}
