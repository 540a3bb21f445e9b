using System.Diagnostics;
using System.Globalization;
using PortClassification.Tool.Commands;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class ExecCommandTests
{
    // Binds $PORT on 127.0.0.1 the way a plain Python server does (no SO_REUSEADDR), prints it, waits for a line on
    // standard input, and exits with the code given as its argument.
    private const string StrictServer =
        "import os, socket, sys\n" +
        "port = int(os.environ['PORT'])\n" +
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n" +
        "s.bind(('127.0.0.1', port))\n" +
        "s.listen()\n" +
        "print(port, flush=True)\n" +
        "sys.stdin.readline()\n" +
        "sys.exit(int(sys.argv[1]))\n";

    [LinuxFact]
    public async Task Exec_TwentyInParallel_DistinctBindablePortsOutsideEphemeralRange_ChildExitCodesComeBack()
    {
        string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int ephemeralFirst = int.Parse(range[0], CultureInfo.InvariantCulture);
        int ephemeralLast = int.Parse(range[1], CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var runs = new List<Process>();
        try
        {
            for (int i = 0; i < 20; i++)
            {
                runs.Add(StartTool(["exec", "--", "python3", "-c", StrictServer, (3 + i).ToString(CultureInfo.InvariantCulture)]));
            }

            // Every child has bound its port strictly and is still holding it when the next line is read.
            int[] ports = await Task.WhenAll(runs.Select(async run =>
                int.Parse(await run.StandardOutput.ReadLineAsync(timeout.Token) ?? "-1", CultureInfo.InvariantCulture)));

            Assert.Equal(20, ports.Distinct().Count());
            Assert.All(ports, port => Assert.False(port >= ephemeralFirst && port <= ephemeralLast, $"{port} is in the ephemeral range"));
            Assert.All(ports, port => Assert.InRange(port, 1024, 65535));

            foreach (Process run in runs)
            {
                await run.StandardInput.WriteLineAsync();
                await run.StandardInput.FlushAsync(timeout.Token);
            }

            for (int i = 0; i < runs.Count; i++)
            {
                await runs[i].WaitForExitAsync(timeout.Token);
                Assert.Equal(3 + i, runs[i].ExitCode);
            }
        }
        finally
        {
            foreach (Process run in runs)
            {
                if (!run.HasExited)
                {
                    run.Kill(entireProcessTree: true);
                }

                run.Dispose();
            }
        }
    }

    [LinuxFact]
    public async Task Exec_SeveralPortsAndNames_EnvironmentHasEachVariable()
    {
        ToolResult result = await BuiltTool.RunAsync("exec", "--env", "HTTP_PORT", "--env", "GRPC_PORT", "--", "sh", "-c", "echo $HTTP_PORT $GRPC_PORT; echo ${PORT:-none}");
        ToolResult several = await BuiltTool.RunAsync("exec", "-n", "3", "--", "sh", "-c", "echo $PORT_0 $PORT_1 $PORT_2");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Out.Split('\n');
        int[] ports = [.. lines[0].Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        Assert.Equal(2, ports.Distinct().Count());
        Assert.Equal("none", lines[1]);
        Assert.Equal(0, several.ExitCode);
        Assert.Equal(3, several.Out.Trim().Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Distinct().Count());
    }

    [LinuxFact]
    public void Exec_Names_EachPortLeasedByItsNameWithoutGuard_ReleasedAfterTheChildExits()
    {
        // The same name giving the same port is the library's promise, tested there on a private candidate block.
        var facts = new FakeFacts();

        ToolResult one = ToolRunner.Run(facts, "exec", "--name", "orders-api", "--", "true");
        ToolResult several = ToolRunner.Run(facts, "exec", "--name", "web", "-n", "2", "--", "sh", "-c", "exit 5");
        ToolResult each = ToolRunner.Run(facts, "exec", "--env", "A", "--env", "B", "--name", "a", "--name", "b", "--", "true");

        Assert.Equal((0, 5, 0), (one.ExitCode, several.ExitCode, each.ExitCode));
        Assert.Equal(["orders-api", "web/0", "web/1", "a", "b"], facts.LeaseNames);
        Assert.All(facts.Leases, lease => Assert.False(lease.Guard));
        Assert.All(facts.Leases, lease => Assert.True(lease.Disposed));
    }

    [LinuxFact]
    public async Task Exec_Sigterm_ForwardedToTheChild_WhoseExitCodeComesBack()
    {
        const string Script =
            "import signal, sys\n" +
            "signal.signal(signal.SIGTERM, lambda *_: sys.exit(42))\n" +
            "print('ready', flush=True)\n" +
            "signal.pause()\n";
        using Process tool = StartTool(["exec", "--", "python3", "-c", Script]);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.Equal("ready", await tool.StandardOutput.ReadLineAsync(timeout.Token));

            using (Process kill = Process.Start("kill", ["-TERM", tool.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await tool.WaitForExitAsync(timeout.Token);
            Assert.Equal(42, tool.ExitCode);
        }
        finally
        {
            if (!tool.HasExited)
            {
                tool.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Exec_CommandCannotStart_OneLineExit127()
    {
        ToolResult result = await BuiltTool.RunAsync("exec", "--", "/nonexistent/portclass-test-command");

        Assert.Equal(ExecCommand.CannotRun, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal("portclass: cannot run '/nonexistent/portclass-test-command': No such file or directory.\n", result.Error);
    }

    [Fact]
    public void Exec_Exhausted_SaysPortsAsFreeDoesAndReleasesEveryLease()
    {
        var facts = new FakeFacts { FreePorts = 1 };

        ToolResult result = ToolRunner.Run(facts, "exec", "--count", "3", "--", "true");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal("portclass: could not lease 3 free tcp ports, got 1: No free port: 1 candidates considered, all busy.\n", result.Error);
        Assert.All(facts.Leases, l => Assert.True(l.Disposed));
    }

    [Theory]
    [InlineData("PORT", true)]
    [InlineData("_X1", true)]
    [InlineData("1X", false)]
    [InlineData("A-B", false)]
    [InlineData("", false)]
    [InlineData("É", false)]
    public void IsVariableName_Examples(string name, bool expected) => Assert.Equal(expected, ExecCommand.IsVariableName(name));

    [Fact]
    public void VariableNames_Defaults() =>
        Assert.Equal(
            [["PORT"], ["PORT_0", "PORT_1"], ["A", "B"]],
            [ExecCommand.VariableNames(null, []), ExecCommand.VariableNames(2, []), ExecCommand.VariableNames(null, ["A", "B"])]);

    private static Process StartTool(string[] args)
    {
        var start = new ProcessStartInfo(BuiltTool.DotNet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltTool.DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
