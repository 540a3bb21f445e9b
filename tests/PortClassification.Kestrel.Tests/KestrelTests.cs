using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace PortClassification.Kestrel.Tests;

/// <summary>Ports every server of this run answered on: no two servers that ran at the same time may share one.</summary>
internal static class Answered
{
    public static ConcurrentDictionary<int, int> Live { get; } = new();

    /// <summary>Asserts the server answers HTTP on its own port, and that no other live server holds that port.</summary>
    public static async Task AssertAnswersOnItsPortAsync(LeasedKestrel server)
    {
        Assert.True(Live.TryAdd(server.Port, 0), $"port {server.Port} was handed to two live servers");
        try
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            Assert.Equal($"hello from {server.Port}", await client.GetStringAsync("/"));
        }
        finally
        {
            Live.TryRemove(server.Port, out _);
        }
    }
}

// README: class fixture (begin)
/// <summary>One server for the tests of this class (xunit class fixture).</summary>
public sealed class ClassFixtureTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task Get_Root_AnswersWithItsPort()
    {
        string body = await fixture.Client.GetStringAsync("/");

        Assert.Equal($"hello from {fixture.Server.Port}", body);
    }
    // README: class fixture (end)

    [Fact]
    public async Task Get_Twice_SameServerSamePort()
    {
        HttpResponseMessage first = await fixture.Client.GetAsync("/a");
        HttpResponseMessage second = await fixture.Client.GetAsync("/b");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }
}

/// <summary>First of two classes sharing one server through the collection fixture.</summary>
[Collection("Shared Kestrel")]
public sealed class SharedServerFirstTests(KestrelFixture fixture)
{
    [Fact]
    public async Task Get_Root_AnswersOnTheSharedPort() =>
        Assert.Equal($"hello from {fixture.Server.Port}", await fixture.Client.GetStringAsync("/"));
}

/// <summary>Second of two classes sharing one server through the collection fixture.</summary>
[Collection("Shared Kestrel")]
public sealed class SharedServerSecondTests(KestrelFixture fixture)
{
    [Fact]
    public async Task Server_IsListeningBeforeAnyTestRuns()
    {
        // Kestrel adopted the leased socket: a plain TCP connect succeeds on the leased port.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, fixture.Server.Port);
        Assert.True(socket.Connected);
    }
}

// Four collections (xunit runs each class as its own collection, in parallel), each test with its own server.
public sealed class PerTestServersA
{
    [Fact]
    public async Task OwnServer_AnswersHttpOnItsOwnPort()
    {
        await using LeasedKestrel server = await LeasedKestrel.StartAsync();
        await Answered.AssertAnswersOnItsPortAsync(server);
    }

    [Fact]
    public async Task TwoServersAtOnce_DifferentPortsBothAnswer()
    {
        await using LeasedKestrel first = await LeasedKestrel.StartAsync();
        await using LeasedKestrel second = await LeasedKestrel.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        await Task.WhenAll(Answered.AssertAnswersOnItsPortAsync(first), Answered.AssertAnswersOnItsPortAsync(second));
    }
}

public sealed class PerTestServersB
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OwnServer_AnswersHttpOnItsOwnPort(int _)
    {
        await using LeasedKestrel server = await LeasedKestrel.StartAsync();
        await Answered.AssertAnswersOnItsPortAsync(server);
    }
}

public sealed class PerTestServersC
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task OwnServer_AnswersHttpOnItsOwnPort(int _)
    {
        await using LeasedKestrel server = await LeasedKestrel.StartAsync();
        await Answered.AssertAnswersOnItsPortAsync(server);
    }
}

public sealed class PerTestServersD
{
    [Fact]
    public async Task ManyAtOnce_EachAnswersOnItsOwnPort()
    {
        LeasedKestrel[] servers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => LeasedKestrel.StartAsync()));
        try
        {
            Assert.Equal(8, servers.Select(s => s.Port).Distinct().Count());
            await Task.WhenAll(servers.Select(Answered.AssertAnswersOnItsPortAsync));
        }
        finally
        {
            foreach (LeasedKestrel server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
