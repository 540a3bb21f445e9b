namespace PortClassification.Tests.Sockets;

// Test namespace "SocketTable", not "Sockets": inside a namespace named Sockets, "Sockets.Find" would name the namespace.

/// <summary>Reads the socket-table fixtures (see Fixtures/Sockets/README.md for the sockets they hold).</summary>
internal static class SocketFixtures
{
    public const uint DumpSequence = 7;

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Sockets", name));
}
