namespace PortClassification.Tests.Listeners;

/// <summary>Reads the listener fixtures: tables and netlink dumps captured on a Linux host (x86-64) holding known sockets.</summary>
/// <remarks>
/// Captured with 0.0.0.0:2024 (inode 1578, the VM's own listener), TCP 127.0.0.1:39325 (inode 82447) with one
/// established pair on it, [::1]:41847, [::]:58439 (dual stack), [::ffff:127.0.0.1]:37423 (IPv4-mapped), UDP
/// 127.0.0.1:39831, [::1]:39891, and a connected UDP socket 127.0.0.1:58074 → :9. Netlink dumps use sequence 7.
/// </remarks>
internal static class FixtureFiles
{
    public const uint DumpSequence = 7;

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Listeners", name));
}
