using System;
using System.Collections.Generic;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
using PortClassification.Tool.Processes;

namespace PortClassification.Tool.Commands;

/// <summary>
/// <c>portclass exec -- command args</c>: leases ports, runs the command with them in its environment, keeps the
/// leases until it exits, and exits with its exit code.
/// </summary>
/// <remarks>
/// The leases take no Linux guard socket: a guard is bound with <c>SO_REUSEADDR</c>, and a child that binds
/// without it (a plain C or Python server) would get EADDRINUSE. What protects the port while the child starts is
/// the cross-process claim (every allocator of this user skips it), the in-process lease table, and the choice of
/// ports outside the ephemeral range (no <c>bind(0)</c> or outbound connection gets them).
/// </remarks>
internal static class ExecCommand
{
    /// <summary>The exit code when the command cannot be started, as shells use.</summary>
    internal const int CannotRun = 127;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var count = new Option<int?>("--count", "-n")
        {
            Description = $"How many ports (1-{FreeCommand.MaxCount}); several go into PORT_0, PORT_1, …",
            CustomParser = result => Parsers.Count(FreeCommand.MaxCount)(result),
        };
        var udp = new Option<bool>("--udp", "-u") { Description = "Free for UDP instead of TCP" };
        var env = new Option<string[]>("--env", "-e")
        {
            Description = "Environment variable for a port, once per port (default PORT, or PORT_0… for several)",
            AllowMultipleArgumentsPerToken = false,
        };
        var name = new Option<string[]>("--name")
        {
            Description = "Stable name for a port (same port on every run while it is free), once per port, or once for all",
        };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "exec",
            "Run a command with free ports in its environment (PORT, or the --env names), held until it exits; exits with its exit code. " +
            "The port is not guarded by a socket, so any server — even one that binds without SO_REUSEADDR — can bind it.")
        {
            count, udp, env, name, commandLine,
        };
        command.Validators.Add(result =>
        {
            string[] envs = result.GetValue(env) ?? [];
            string[] names = result.GetValue(name) ?? [];
            if (Array.Find(envs, e => !IsVariableName(e)) is string bad)
            {
                result.AddError($"'{bad}' is not an environment variable name: expected letters, digits and '_', not starting with a digit.");
            }
            else if (envs.Length > 0 && result.GetValue(count) is int n && n != envs.Length)
            {
                result.AddError($"--count {n} does not match the {envs.Length} --env name(s); give one or the other.");
            }
            else if (Array.Find(names, string.IsNullOrEmpty) is not null)
            {
                result.AddError("--name must not be empty.");
            }
            else if (names.Length > 1 && names.Length != PortCount(result.GetValue(count), envs))
            {
                result.AddError($"{names.Length} --name values for {PortCount(result.GetValue(count), envs)} port(s): give one name per port, or one for all.");
            }
        });
        command.SetAction((result, _) =>
        {
            string[] words = result.GetValue(commandLine) ?? [];
            // An unknown option before the command would otherwise be taken as the command to run.
            if (UnknownOption(result, words) is string unknown)
            {
                throw new ToolException($"unknown option '{unknown}' for 'portclass exec'; put the command after --.", ExitCodes.Usage);
            }

            return RunAsync(
            context,
            result.GetValue(udp) ? Transport.Udp : Transport.Tcp,
            VariableNames(result.GetValue(count), result.GetValue(env) ?? []),
            result.GetValue(name) ?? [],
            words);
        });
        return command;
    }

    /// <summary>Determines whether text is a portable environment variable name (POSIX: letters, digits, underscore, no leading digit).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> if it is.</returns>
    internal static bool IsVariableName(string text)
    {
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the variable names for the ports: the <c>--env</c> names, <c>PORT</c>, or <c>PORT_0…</c>.</summary>
    /// <param name="count">The <c>--count</c> value, if given.</param>
    /// <param name="envs">The <c>--env</c> names.</param>
    /// <returns>One name per port.</returns>
    internal static string[] VariableNames(int? count, string[] envs)
    {
        if (envs.Length > 0)
        {
            return envs;
        }

        int n = count ?? 1;
        if (n == 1)
        {
            return ["PORT"];
        }

        string[] names = new string[n];
        for (int i = 0; i < n; i++)
        {
            names[i] = "PORT_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return names;
    }

    /// <summary>Finds an option-like word taken as part of the command: before <c>--</c>, or first when there is no <c>--</c>.</summary>
    private static string? UnknownOption(ParseResult result, string[] words)
    {
        int doubleDash = -1;
        for (int i = 0; i < result.Tokens.Count; i++)
        {
            if (result.Tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        if (doubleDash < 0)
        {
            return words.Length > 0 && words[0].StartsWith('-') ? words[0] : null;
        }

        for (int i = 0; i < doubleDash; i++)
        {
            System.CommandLine.Parsing.Token token = result.Tokens[i];
            if (token.Type == System.CommandLine.Parsing.TokenType.Argument && token.Value.StartsWith('-'))
            {
                return token.Value;
            }
        }

        return null;
    }

    private static int PortCount(int? count, string[] envs) => envs.Length > 0 ? envs.Length : count ?? 1;

    private static async Task<int> RunAsync(ToolContext context, Transport transport, string[] variables, string[] names, string[] commandLine)
    {
        // Signals now reach this command (and are forwarded) instead of ending the process with the leases.
        context.Stop.Arm();
        var leases = new List<IFreePortLease>(variables.Length);
        try
        {
            try
            {
                for (int i = 0; i < variables.Length; i++)
                {
                    // One name for several ports: each port gets the name with its index.
                    string? name = names.Length == 0 ? null : names.Length == 1 && variables.Length > 1 ? $"{names[0]}/{i}" : names[i];
                    leases.Add(name is null ? context.Facts.Lease(transport, guard: false) : context.Facts.LeaseByName(name, transport, guard: false));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or SocketException)
            {
                throw new ToolException($"{FreeText.CouldNotLease(transport, variables.Length, leases.Count)}: {e.Message}");
            }

            var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
            foreach (string argument in commandLine.AsSpan(1))
            {
                start.ArgumentList.Add(argument);
            }

            for (int i = 0; i < variables.Length; i++)
            {
                start.Environment[variables[i]] = leases[i].Port.ToString();
            }

            FreeText.Assignments(context.Console, variables, leases);

            Process child;
            try
            {
                child = Process.Start(start) ?? throw new ToolException($"cannot run '{commandLine[0]}'.", CannotRun);
            }
            catch (Win32Exception e)
            {
                // The OS's own words (strerror), not .NET's sentence with the working directory.
                throw new ToolException($"cannot run '{commandLine[0]}': {new Win32Exception(e.NativeErrorCode).Message}.", CannotRun);
            }

            using (child)
            {
                void Forward(PosixSignal signal) => ForwardSignal(context, child, signal);
                context.Stop.Signalled += Forward;
                try
                {
                    await child.WaitForExitAsync().ConfigureAwait(false);
                }
                finally
                {
                    context.Stop.Signalled -= Forward;
                }

                return child.ExitCode;
            }
        }
        finally
        {
            foreach (IFreePortLease lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>
    /// Passes a signal on to the child. Ctrl+C typed at a terminal already reached the child, which is in the
    /// terminal's foreground process group with us, so SIGINT is forwarded only when standard input is not a terminal.
    /// </summary>
    private static void ForwardSignal(ToolContext context, Process child, PosixSignal signal)
    {
        if (OperatingSystem.IsWindows())
        {
            // Console Ctrl+C reaches every process attached to the console; there is nothing to forward.
            return;
        }

        if (signal == PosixSignal.SIGINT && !Console.IsInputRedirected)
        {
            return;
        }

        ProcessSignal forwarded = signal == PosixSignal.SIGINT ? ProcessSignal.Interrupt : ProcessSignal.Term;
        try
        {
            if (!child.HasExited)
            {
                context.Facts.Signal(child.Id, forwarded);
            }
        }
        catch (InvalidOperationException)
        {
            // The child has already gone.
        }
    }
}
