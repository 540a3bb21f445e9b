using Xunit;

namespace PortClassification.Kestrel.Tests;

// README: xunit fixture (begin)
/// <summary>One Kestrel server on a leased port, started before the first test that uses it and stopped after the last.</summary>
public sealed class KestrelFixture : IAsyncLifetime
{
    private LeasedKestrel? _server;

    /// <summary>Gets the running server.</summary>
    public LeasedKestrel Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Gets a client for the server.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _server = await LeasedKestrel.StartAsync();
        Client = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes marked <c>[Collection("Shared Kestrel")]</c> share one server.</summary>
[CollectionDefinition("Shared Kestrel")]
public sealed class SharedKestrelDefinition : ICollectionFixture<KestrelFixture>;
// README: xunit fixture (end)
