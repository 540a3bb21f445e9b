using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using PortClassification.Tool.Input;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary>
/// <c>portclass wait PORT</c>: exits 0 as soon as something accepts connections on the port (either loopback, or
/// <c>--address</c>), optionally answering HTTP; with <c>--free</c>, as soon as nothing listens and it can be bound.
/// </summary>
internal static class WaitCommand
{
    /// <summary>The default timeout.</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstRound = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MinimumRound = TimeSpan.FromMilliseconds(100);

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var port = new Argument<PortNumber>("port") { Description = "The TCP port, 1-65535", CustomParser = HarnessParsers.ListenPort };
        var address = new Option<IPAddress?>("--address", "-a")
        {
            Description = "Connect to (or, with --free, bind) this address only; default 127.0.0.1 and ::1, whichever answers first",
            CustomParser = HarnessParsers.Address,
        };
        var timeout = new Option<TimeSpan>("--timeout", "-t")
        {
            Description = $"Give up after this many seconds (default {DefaultTimeout.TotalSeconds:0}) and exit 1",
            DefaultValueFactory = _ => DefaultTimeout,
            CustomParser = HarnessParsers.Seconds,
        };
        var free = new Option<bool>("--free") { Description = "Wait until nothing listens on the port and it can be bound, instead" };
        var http = new Option<string?>("--http")
        {
            Description = "Also send GET PATH over HTTP (no TLS): any response counts, or only 2xx with --ok",
            CustomParser = HarnessParsers.HttpPath,
        };
        var ok = new Option<bool>("--ok") { Description = "With --http, only a 2xx response counts" };
        var command = new Command(
            "wait",
            "Wait until a TCP port accepts connections (or answers HTTP), or with --free until it is free; exit 0 then, 1 on timeout.")
        {
            port, address, timeout, free, http, ok,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(free) && result.GetValue(http) is not null)
            {
                result.AddError("--free and --http cannot be combined: --free waits until nothing answers.");
            }
            else if (result.GetValue(ok) && result.GetValue(http) is null)
            {
                result.AddError("--ok needs --http PATH.");
            }
        });
        command.SetAction((result, token) =>
        {
            var request = new WaitRequest(
                result.GetValue(port),
                result.GetValue(address),
                result.GetValue(timeout),
                result.GetValue(http) is string path ? ListenerCheck.Http(path, result.GetValue(ok)) : ListenerCheck.Connect);
            return result.GetValue(free)
                ? WaitFreeAsync(context, request, context.WantsJson(result), token)
                : WaitListeningAsync(context, request, context.WantsJson(result), token);
        });
        return command;
    }

    private static async Task<int> WaitListeningAsync(ToolContext context, WaitRequest request, bool json, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan round = FirstRound;
        string? seen = null;
        while (true)
        {
            TimeSpan remaining = request.Timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero && seen is not null)
            {
                WaitText.WriteResult(context, request, ready: false, endPoint: null, seen, json);
                throw new ToolException($"nothing passed the check ({request.Check}) on port {request.Port} within {WaitText.Seconds(request.Timeout)}: {seen}");
            }

            try
            {
                // At least one real attempt, even with --timeout 0.
                TimeSpan wait = remaining < round ? remaining : round;
                wait = wait < MinimumRound ? MinimumRound : wait;
                IPEndPoint passed = await Listeners.WaitForListenerAsync(request.Port, request.Address, request.Check, wait, token).ConfigureAwait(false);
                WaitText.WriteResult(context, request, ready: true, passed, seen: null, json);
                return ExitCodes.Success;
            }
            catch (TimeoutException e)
            {
                // The library says what each address showed last, after "… ms: ".
                string message = e.Message;
                int at = message.IndexOf("ms: ", StringComparison.Ordinal);
                string now = (at >= 0 ? message[(at + 4)..] : message).TrimEnd('.');
                if (seen is not null && now.Contains("no attempt finished", StringComparison.Ordinal))
                {
                    // A round cut short while connecting says less than the round before it.
                    now = seen;
                }

                if (now != seen)
                {
                    WaitText.Progress(context, request, now);
                }

                seen = now;
                round *= 2;
            }
        }
    }

    private static async Task<int> WaitFreeAsync(ToolContext context, WaitRequest request, bool json, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan delay = TimeSpan.FromMilliseconds(5);
        string? seen = null;
        while (true)
        {
            string? busy = WhyBusy(context, request);
            if (busy is null)
            {
                WaitText.WriteResult(context, request, ready: true, endPoint: null, seen: null, json);
                return ExitCodes.Success;
            }

            if (busy != seen)
            {
                WaitText.Progress(context, request, busy);
            }

            seen = busy;
            if (clock.Elapsed >= request.Timeout)
            {
                WaitText.WriteResult(context, request, ready: false, endPoint: null, seen, json);
                throw new ToolException($"port {request.Port}/tcp is still in use after {WaitText.Seconds(request.Timeout)}: {seen}");
            }

            await Task.Delay(delay, token).ConfigureAwait(false);
            delay = delay * 2 < TimeSpan.FromMilliseconds(100) ? delay * 2 : TimeSpan.FromMilliseconds(100);
        }
    }

    /// <summary>Says why a port is not free yet: a listener on it, or a bind that fails; <see langword="null"/> when free.</summary>
    private static string? WhyBusy(ToolContext context, WaitRequest request)
    {
        var listening = new List<string>();
        foreach (Listener listener in context.Facts.FindListeners(request.Port))
        {
            if (listener.Transport == Transport.Tcp && (request.Address is null || Covers(listener.LocalEndPoint.Address, request.Address)))
            {
                listening.Add(WaitText.Describe(listener));
            }
        }

        if (listening.Count > 0)
        {
            return "listening: " + string.Join(", ", listening);
        }

        IPAddress[] addresses = request.Address is not null ? [request.Address]
            : Socket.OSSupportsIPv6 ? [IPAddress.Any, IPAddress.IPv6Any, IPAddress.Loopback, IPAddress.IPv6Loopback]
            : [IPAddress.Any, IPAddress.Loopback];
        foreach (IPAddress address in addresses)
        {
            // A server's bind: ProtocolType.Tcp makes .NET set SO_REUSEADDR on Unix, so TIME_WAIT leftovers do not count.
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }

                socket.Bind(new IPEndPoint(address, request.Port.Value));
            }
            catch (SocketException e)
            {
                return string.Create(CultureInfo.InvariantCulture, $"cannot bind {new IPEndPoint(address, request.Port.Value)}: {e.Message}");
            }
        }

        return null;
    }

    /// <summary>Determines whether a listener's address takes the port on an address (the same, or the wildcard of its family).</summary>
    private static bool Covers(IPAddress listener, IPAddress address) =>
        listener.Equals(address) ||
        (listener.AddressFamily == address.AddressFamily && (listener.Equals(IPAddress.Any) || listener.Equals(IPAddress.IPv6Any)));
}
