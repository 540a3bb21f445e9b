using System.Text.Json;
using PortClassification.Tool.Tests.Support;
using Xunit;

namespace PortClassification.Tool.Tests.Commands;

public class FreeCommandTests
{
    [Fact]
    public void Text_Default_OnePortPerLineAndReleased()
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, "free");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("50000\n", result.Out);
        FakeLease lease = Assert.Single(facts.Leases);
        Assert.Equal(Transport.Tcp, lease.Transport);
        Assert.True(lease.Guard);
        Assert.True(lease.Disposed);
    }

    [Fact]
    public void Json_CountAndUdp_ListsEveryPort()
    {
        var facts = new FakeFacts();

        ToolResult result = ToolRunner.Run(facts, "free", "-n", "3", "--udp", "--json");

        using JsonDocument document = JsonDocument.Parse(result.Out);
        JsonAssert.Properties(document.RootElement, "schemaVersion", "transport", "held", "ports");
        Assert.Equal("udp", document.RootElement.GetProperty("transport").GetString());
        Assert.False(document.RootElement.GetProperty("held").GetBoolean());
        Assert.Equal([50000, 50001, 50002], document.RootElement.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()));
        Assert.All(facts.Leases, l => Assert.Equal(Transport.Udp, l.Transport));
    }

    [Fact]
    public async Task Hold_KeepsLeasesUntilStopped_ThenReleasesThemAndExitsWithZero()
    {
        var facts = new FakeFacts();
        using var stop = new StopSignal();

        Task<ToolResult> run = ToolRunner.RunAsync(facts, stop, color: false, "free", "--hold", "-n", "2", "--no-guard");
        await WaitUntil(() => facts.Leases.Count == 2);
        await Task.Delay(50);

        Assert.False(run.IsCompleted);
        Assert.True(stop.IsArmed);
        Assert.All(facts.Leases, l => Assert.False(l.Disposed));
        stop.Request();
        ToolResult result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("50000\n50001\n", result.Out);
        Assert.All(facts.Leases, l => Assert.True(l.Disposed));
        Assert.All(facts.Leases, l => Assert.False(l.Guard));
    }

    [Fact]
    public async Task HoldJson_SaysHeldAndReleasesOnStop()
    {
        var facts = new FakeFacts();
        using var stop = new StopSignal();

        Task<ToolResult> run = ToolRunner.RunAsync(facts, stop, color: false, "free", "--hold", "--json");
        await WaitUntil(() => facts.Leases.Count == 1);
        stop.Request();
        ToolResult result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        using JsonDocument document = JsonDocument.Parse(result.Out);
        Assert.True(document.RootElement.GetProperty("held").GetBoolean());
        Assert.Equal(50000, Assert.Single(document.RootElement.GetProperty("ports").EnumerateArray()).GetInt32());
        Assert.True(facts.Leases[0].Disposed);
    }

    [Fact]
    public async Task Free_WithoutHold_DoesNotArmTheStopSignal()
    {
        using var stop = new StopSignal();

        await ToolRunner.RunAsync(new FakeFacts(), stop, color: false, "free");

        Assert.False(stop.IsArmed);
    }

    [Fact]
    public void Exhausted_OneLineExitOneAndEveryLeaseReleased()
    {
        var facts = new FakeFacts { FreePorts = 2 };

        ToolResult result = ToolRunner.Run(facts, "free", "--count", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal("portclass: could not lease 5 free tcp ports, got 2: No free port: 2 candidates considered, all busy.\n", result.Error);
        Assert.All(facts.Leases, l => Assert.True(l.Disposed));
    }

    public static TheoryData<Exception, string> DescriptorFailures => new()
    {
        { new IOException("Too many open files in system", 23), "too many open files in the system: the kernel's file table is full" },
        { new IOException("Too many open files", 24), "too many open files in this process: it reached its open-file limit; raise it with 'ulimit -n'" },
        // .NET reports EMFILE and ENFILE alike, with ENFILE's text; this test process has descriptors left, so neither is claimed.
        { new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.TooManyOpenSockets), "too many open files, in this process (see 'ulimit -n') or in the system" },
    };

    [Theory]
    [MemberData(nameof(DescriptorFailures))]
    public void OutOfDescriptors_SaysHowManyAndWhatToDoAndReleasesEveryLease(Exception failure, string description)
    {
        var facts = new FakeFacts { FreePorts = 3, LeaseFailure = failure };

        ToolResult result = ToolRunner.Run(facts, "free", "-n", "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.StartsWith($"portclass: could not lease 1000 free tcp ports, got 3: {description}", result.Error, StringComparison.Ordinal);
        Assert.Contains("a TCP lease up to 3", result.Error, StringComparison.Ordinal);
        Assert.Contains("ulimit -n", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.AsSpan().TrimEnd('\n').ToString().Split('\n'));
        Assert.All(facts.Leases, l => Assert.True(l.Disposed));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
