using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using System.Threading.Tasks;
using PortClassification.Tool.Commands;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;

namespace PortClassification.Tool;

/// <summary>The tool's entry point, independent of the process: tests call it with their own writers and facts.</summary>
internal static class Cli
{
    /// <summary>The subcommands, which a first argument is checked against before it is taken as a port.</summary>
    private static readonly string[] CommandNames = ["port", "list", "free", "host", "lookup", "ephemeral", "why"];

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="stop">Ctrl+C and SIGTERM for commands that wait.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, ToolConsole console, IPortFacts facts, StopSignal stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        var json = new Option<bool>("--json")
        {
            Description = "Write JSON (stable schema, see the README) instead of text",
            Recursive = true,
        };
        var context = new ToolContext(console, facts, stop, json);
        RootCommand root = BuildRoot(context);

        bool shorthand = IsPortShorthand(args, out int at);
        string[] effective = shorthand ? [.. args[..at], "port", .. args[at..]] : args;
        ParseResult result = root.Parse(effective);
        if (result.Action is ParseErrorAction)
        {
            context.Error(DescribeError(result, shorthand ? args[at] : null));
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Signals are ours (StopSignal): the default would cancel every command, not only holds.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await result.InvokeAsync(invocation, stop.Token).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            context.Error(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or PlatformNotSupportedException or System.Net.Sockets.SocketException or IOException)
        {
            // The OS refused: say what, in one line; the library degrades to "unknown" where it can.
            context.Error(e.Message);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: one line by default, the stack trace on request.
            context.Error($"internal error: {e.GetType().Name}: {e.Message}");
            if (!string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("PORTCLASS_DEBUG")))
            {
                console.Error.WriteLine(e);
            }
            else
            {
                context.Error("set PORTCLASS_DEBUG=1 to see where it happened, and please report it.");
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>Determines whether the first positional argument is a port (<c>portclass 60400</c>) rather than a command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="index">Where the <c>port</c> command is to be inserted (before a <c>--</c>, if any).</param>
    /// <returns><see langword="true"/> when the first positional argument is not a command name.</returns>
    internal static bool IsPortShorthand(string[] args, out int index)
    {
        for (index = 0; index < args.Length; index++)
        {
            string arg = args[index];
            // A directive ([suggest] for completions) must see the command line as typed.
            if (index == 0 && arg.StartsWith('['))
            {
                return false;
            }

            // After "--" every token is an argument, never a command: "portclass -- 60400" is "portclass port -- 60400".
            if (arg == "--")
            {
                return index + 1 < args.Length;
            }

            // Options of the root take no values, so the first token that is not an option or a
            // response file (@file) is the command, or a port.
            if (arg.Length == 0 || arg[0] is '-' or '@')
            {
                continue;
            }

            return Array.IndexOf(CommandNames, arg) < 0;
        }

        return false;
    }

    private static RootCommand BuildRoot(ToolContext context)
    {
        var root = new RootCommand(
            "portclass: what a TCP/UDP port is (IANA range, registry, known uses), what this host does with it, " +
            "who is listening on it, and free ports for test servers.\n\n" +
            "  portclass 60400          explain a port (also 443/tcp, 60500/udp)\n" +
            "  portclass list           what is listening, with processes\n" +
            "  portclass why 8080       why a port cannot be bound, and the fix\n" +
            "  portclass free --hold    lease a free port until Ctrl+C")
        {
            context.Json,
            PortCommand.Create(context),
            ListCommand.Create(context),
            FreeCommand.Create(context),
            HostCommand.Create(context),
            LookupCommand.Create(context),
            EphemeralCommand.Create(context),
            WhyCommand.Create(context),
        };
        root.SetAction(result =>
        {
            // No command: show help, as a newcomer typing 'portclass' expects.
            var help = new System.CommandLine.Help.HelpAction();
            return help.Invoke(result);
        });
        return root;
    }

    private static string DescribeError(ParseResult result, string? shorthandToken)
    {
        string command = CommandPath(result.CommandResult);
        if (result.UnmatchedTokens.Count > 0)
        {
            string token = result.UnmatchedTokens[0];
            return token.StartsWith('-')
                ? $"unknown option '{token}' for '{command}'; see '{command} --help'."
                : $"unexpected argument '{token}' for '{command}'; see '{command} --help'.";
        }

        string message = result.Errors[0].Message;
        if (shorthandToken is not null && result.CommandResult.Command.Name == "port" && LooksLikeWord(shorthandToken))
        {
            // 'portclass lisst' reaches the port parser: say that a command was possible too.
            message = message.TrimEnd('.') + $", or a command ({string.Join(", ", CommandNames[1..])}).";
        }

        return message;
    }

    // 'lisst' may be a mistyped command; '70000' and '80/xyz' are clearly ports.
    private static bool LooksLikeWord(string token) => token.Length > 0 && char.IsAsciiLetter(token[0]) && !token.Contains('/', StringComparison.Ordinal);

    private static string CommandPath(CommandResult result)
    {
        string path = result.Command is RootCommand ? "portclass" : result.Command.Name;
        for (SymbolResult? parent = result.Parent; parent is CommandResult c; parent = c.Parent)
        {
            path = (c.Command is RootCommand ? "portclass" : c.Command.Name) + " " + path;
        }

        return path;
    }
}
