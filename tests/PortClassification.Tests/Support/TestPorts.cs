using System.Net;
using System.Net.Sockets;

namespace PortClassification.Tests.Support;

/// <summary>
/// Port blocks and a claim store private to one run of the suite, so that tests naming ports do not
/// collide with each other, with another run of the suite by the same user, or with whatever else the
/// host runs.
/// </summary>
internal static class TestPorts
{
    private const int PoolFirst = 23000;
    private const int PoolEnd = 25000; // exclusive: 23000-24999 are unassigned user ports

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];
    private static readonly Lazy<PortClaimStore?> Store = new(CreateStore);

    /// <summary>
    /// Picks <paramref name="count"/> consecutive ports of 23000-24999 that no other test of this run has
    /// had and that are free now for TCP and UDP on the loopback addresses.
    /// </summary>
    public static PortInterval FreeBlock(int count)
    {
        lock (Gate)
        {
            for (int attempt = 0; attempt < 2000; attempt++)
            {
                int first = Random.Shared.Next(PoolFirst, PoolEnd - count + 1);
                IEnumerable<int> ports = Enumerable.Range(first, count);
                if (!ports.Any(Handed.Contains) && ports.All(port => IsFree(port)))
                {
                    Handed.UnionWith(ports);
                    return new PortInterval((ushort)first, (ushort)(first + count - 1));
                }
            }
        }

        throw new InvalidOperationException($"No block of {count} free ports in {PoolFirst}-{PoolEnd - 1}.");
    }

    /// <summary>Gets this run's private claim store (the shared one on Windows).</summary>
    public static PortClaimStore ClaimStore => Store.Value ?? throw new InvalidOperationException("No claim store for the tests.");

    /// <summary>Makes an allocator that takes its claims in this run's private claim directory.</summary>
    public static PortAllocator Allocator(PortAllocatorOptions options) =>
        new(options, policyFactory: null, Store.Value, "the test claim directory could not be created");

    /// <summary>Determines whether a port can be bound now, without address reuse, for TCP and UDP on 127.0.0.1 and (where the host has it) ::1.</summary>
    public static bool IsFree(int port)
    {
        IPAddress[] addresses = Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback];
        foreach (IPAddress address in addresses)
        {
            foreach (SocketType type in (SocketType[])[SocketType.Stream, SocketType.Dgram])
            {
                using var socket = new Socket(address.AddressFamily, type, ProtocolType.Unspecified);
                try
                {
                    socket.Bind(new IPEndPoint(address, port));
                }
                catch (SocketException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static PortClaimStore? CreateStore()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return PortClaimStore.Shared;
        }

        string directory = Path.Combine(Path.GetTempPath(), "portclassification-tests-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return UnixPortClaimStore.TryCreate(directory);
    }
}
