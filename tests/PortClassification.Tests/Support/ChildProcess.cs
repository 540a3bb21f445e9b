using System.Diagnostics;
using System.Globalization;

namespace PortClassification.Tests.Support;

/// <summary>A child process started by a test, killed (with its tree) and reaped on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>Starts <c>python3</c> holding a socket of the given kind on loopback; returns it once it printed its port.</summary>
    /// <param name="kind"><c>tcp</c> or <c>udp</c>.</param>
    /// <param name="port">Receives the bound port.</param>
    public static ChildProcess PythonListener(string kind, out int port)
    {
        string type = kind == "tcp" ? "SOCK_STREAM" : "SOCK_DGRAM";
        string listen = kind == "tcp" ? "s.listen();" : "";
        return Python($"import socket,sys; s=socket.socket(socket.AF_INET, socket.{type}); s.bind(('127.0.0.1', 0)); {listen} print(s.getsockname()[1], flush=True); sys.stdin.read()", out port);
    }

    /// <summary>Starts <c>python3 -c <paramref name="script"/></c>; returns it once it printed a port on its first line.</summary>
    public static ChildProcess Python(string script, out int port)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", script },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var child = new ChildProcess(Process.Start(start)!);
        string? line = child.Process.StandardOutput.ReadLine();
        port = int.Parse(line ?? throw new InvalidOperationException("python3 printed no port."), CultureInfo.InvariantCulture);
        return child;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        Process.Dispose();
    }
}
