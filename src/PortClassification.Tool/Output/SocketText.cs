using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace PortClassification.Tool.Output;

/// <summary>How sockets of every state are written: state names as <c>ss</c> spells them, one-line text, JSON objects.</summary>
internal static class SocketText
{
    /// <summary>The state names, in <see cref="SocketState"/> order: <c>ss</c>'s where it has one.</summary>
    internal static readonly string[] StateNames =
        ["listen", "bound", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "close-wait", "closing", "last-ack", "time-wait", "connected"];

    /// <summary>Gets the name of a state.</summary>
    public static string Name(SocketState state) => StateNames[(int)state];

    /// <summary>Parses a state name (any case; <c>estab</c> and <c>syn-received</c> also accepted).</summary>
    public static bool TryParse(string text, out SocketState state)
    {
        string name = text.Trim().ToLowerInvariant() switch
        {
            "estab" => "established",
            "syn-received" => "syn-recv",
            "unconn" => "bound",
            var other => other,
        };
        int index = Array.IndexOf(StateNames, name);
        state = (SocketState)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Formats the owner: <c>pid 42 (curl)</c>, or a reason there is none.</summary>
    public static string Owner(SocketEntry socket) => socket.ProcessId is int pid
        ? Process(pid, socket.ProcessName)
        : socket.State == SocketState.TimeWait ? "no process (TIME_WAIT)" : "owner unknown";

    /// <summary>Formats a process: <c>pid 42 (curl)</c>, or <c>pid 42</c> when its name is unknown.</summary>
    public static string Process(int pid, string? name) =>
        string.Create(CultureInfo.InvariantCulture, $"pid {pid}{(name is null ? string.Empty : $" ({name})")}");

    /// <summary>Writes one socket as a line of a table: transport, state, local, remote, owner.</summary>
    public static void WriteLine(TextWriter output, SocketEntry socket, string indent)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{indent}{TransportNames.Format(socket.Transport),-4} {Name(socket.State),-12} {socket.LocalEndPoint,-28} {socket.RemoteEndPoint?.ToString() ?? "*",-28} {Owner(socket)}"));
    }

    /// <summary>Writes a socket as a JSON object.</summary>
    public static void WriteJson(Utf8JsonWriter writer, SocketEntry socket, string? role = null)
    {
        writer.WriteStartObject();
        writer.WriteString("transport", TransportNames.Format(socket.Transport));
        writer.WriteString("state", Name(socket.State));
        writer.WriteString("localAddress", socket.LocalEndPoint.Address.ToString());
        writer.WriteNumber("localPort", socket.LocalEndPoint.Port);
        if (socket.RemoteEndPoint is { } remote)
        {
            writer.WriteString("remoteAddress", remote.Address.ToString());
            writer.WriteNumber("remotePort", remote.Port);
        }
        else
        {
            writer.WriteNull("remoteAddress");
            writer.WriteNull("remotePort");
        }

        Json.WriteNullableNumber(writer, "pid", socket.ProcessId);
        if (socket.ProcessName is null)
        {
            writer.WriteNull("process");
        }
        else
        {
            writer.WriteString("process", socket.ProcessName);
        }

        if (role is not null)
        {
            writer.WriteString("role", role);
        }

        writer.WriteEndObject();
    }
}
