namespace PortClassification.Tests.Sockets;

// The namespace follows the folder (Tests.Sockets), so tests inside it write PortClassification.Sockets.Find: a bare
// "Sockets.Find" would name this namespace (as tests under Tests.Listeners write PortClassification.Listeners).

/// <summary>Reads the socket-table fixtures (see Fixtures/Sockets/README.md for the sockets they hold).</summary>
internal static class SocketFixtures
{
    public const uint DumpSequence = 7;

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Sockets", name));
}
