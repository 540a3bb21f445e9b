using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Tests.Support;

/// <summary>Runs the tool in process, through its entry point, and captures what it writes.</summary>
internal static class ToolRunner
{
    /// <summary>Runs a command line against given facts.</summary>
    /// <param name="facts">The facts; <see cref="FakeFacts"/> for reproducible output.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code and both outputs.</returns>
    public static ToolResult Run(IPortFacts facts, params string[] args) => RunAsync(facts, new StopSignal(), color: false, args).GetAwaiter().GetResult();

    /// <summary>Runs a command line with a stop signal the test controls.</summary>
    /// <param name="facts">The facts.</param>
    /// <param name="stop">The stop signal.</param>
    /// <param name="color">Whether standard output counts as a colour terminal.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code and both outputs.</returns>
    public static async Task<ToolResult> RunAsync(IPortFacts facts, StopSignal stop, bool color, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int exitCode = await Cli.RunAsync(args, new ToolConsole(stdout, stderr, color), facts, stop);
        return new ToolResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>What a run of the tool produced.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record ToolResult(int ExitCode, string Out, string Error);
