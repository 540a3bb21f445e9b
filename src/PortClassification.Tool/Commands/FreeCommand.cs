using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass free</c>: free ports from the allocator, optionally held until Ctrl+C or SIGTERM.</summary>
internal static class FreeCommand
{
    /// <summary>The most ports one command may lease.</summary>
    internal const int MaxCount = 1000;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var count = new Option<int>("--count", "-n")
        {
            Description = $"How many ports (1-{MaxCount})",
            DefaultValueFactory = _ => 1,
            CustomParser = Parsers.Count(MaxCount),
        };
        var udp = new Option<bool>("--udp", "-u") { Description = "Free for UDP instead of TCP" };
        var hold = new Option<bool>("--hold")
        {
            Description = "Keep the ports claimed until Ctrl+C or SIGTERM, so that no other allocator (and on Linux, for TCP, not the kernel either) hands them out meanwhile",
        };
        var noGuard = new Option<bool>("--no-guard")
        {
            Description = "With --hold on Linux, do not keep a guard socket on the port (for a server that binds without SO_REUSEADDR)",
        };
        var command = new Command(
            "free",
            "Print free ports for servers, one per line: outside this host's ephemeral and reserved ports (in the IANA dynamic range where the host leaves room), " +
            "and free on loopback and the wildcard address, IPv4 and IPv6.")
        {
            count, udp, hold, noGuard,
        };
        command.SetAction((result, _) => RunAsync(
            context,
            result.GetValue(udp) ? Transport.Udp : Transport.Tcp,
            result.GetValue(count),
            result.GetValue(hold),
            guard: !result.GetValue(noGuard),
            context.WantsJson(result)));
        return command;
    }

    private static async Task<int> RunAsync(ToolContext context, Transport transport, int count, bool hold, bool guard, bool json)
    {
        if (hold)
        {
            // Arm before leasing: a Ctrl+C from now on releases the leases instead of killing the process.
            context.Stop.Arm();
        }

        var leases = new List<IFreePortLease>(count);
        try
        {
            try
            {
                for (int i = 0; i < count; i++)
                {
                    leases.Add(context.Facts.Lease(transport, guard));
                }
            }
            catch (InvalidOperationException e)
            {
                throw new ToolException($"{FreeText.CouldNotLease(transport, count, leases.Count)}: {e.Message}");
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // Almost always the descriptor limit: every lease keeps its claim file and socket(s) open.
                throw new ToolException(
                    $"{FreeText.CouldNotLease(transport, count, leases.Count)}: {OsErrorText.Describe(e)}. "
                    + "Each lease holds open file descriptors (a TCP lease up to 3); ask for fewer ports or raise the limit with 'ulimit -n'.",
                    e);
            }

            FreeText.Write(context.Console.Out, transport, leases, hold, json);
            if (hold)
            {
                FreeText.Holding(context.Console, leases.Count);

                await WaitForStop(context.Stop.Token).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }
        finally
        {
            foreach (IFreePortLease lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    private static async Task WaitForStop(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: the leases are released by the caller.
        }
    }
}
