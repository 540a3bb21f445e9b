using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortClassification.Kestrel.Tests;

/// <summary>
/// A Kestrel server on a leased port with no window: the lease's socket is already bound and listening when
/// Kestrel starts, and Kestrel adopts it instead of binding the port itself.
/// </summary>
public sealed class LeasedKestrel : IAsyncDisposable
{
    private readonly PortLease _lease;
    private readonly WebApplication _app;

    private LeasedKestrel(PortLease lease, WebApplication app)
    {
        _lease = lease;
        _app = app;
    }

    /// <summary>Gets the port the server listens on.</summary>
    public int Port => _lease.Port.Value;

    /// <summary>Gets the server's base address, such as <c>http://127.0.0.1:61234/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Leases a port, hands its socket to Kestrel, and starts a server that answers every request with its port.</summary>
    /// <returns>The running server.</returns>
    public static async Task<LeasedKestrel> StartAsync()
    {
        PortLease lease = PortAllocator.Default.Lease();
        Socket socket = lease.TakeSocket(IPAddress.Loopback);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Kestrel asks the socket transport for a bound socket for each endpoint; give it the one already bound.
        builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = _ => socket);
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, lease.Port.Value));

        WebApplication app = builder.Build();
        app.Run(context => context.Response.WriteAsync($"hello from {context.Connection.LocalPort}"));
        await app.StartAsync();
        return new LeasedKestrel(lease, app);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // Kestrel closes the socket it adopted; then the port goes back to the allocator.
        await _app.StopAsync();
        await _app.DisposeAsync();
        _lease.Dispose();
    }
}
