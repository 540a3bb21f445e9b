using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace PortClassification.Tests.Support;

/// <summary>
/// Two named network namespaces (<c>ip netns add</c>) joined by a veth pair: the server at 10.231.N.1/24 and
/// fd31:231:N::1/64, the client at .2 and ::2 (private addresses, inside the namespaces only). Neighbour entries are
/// static, so a ruleset that drops ICMPv6 cannot break neighbour discovery. Names are unique per process and instance; dispose
/// deletes both namespaces, which removes the veth pair and every rule loaded into them.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class NamespacePair : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int s_count;
    private bool _disposed;

    public NamespacePair()
    {
        int n = Interlocked.Increment(ref s_count) % 250;
        string tag = $"{Environment.ProcessId % 100000}x{n}";
        Server = $"pcfw{tag}s";
        Client = $"pcfw{tag}c";
        ServerAddress = $"10.231.{n}.1";
        ClientAddress = $"10.231.{n}.2";
        ServerAddress6 = $"fd31:231:{n:x}::1";
        ClientAddress6 = $"fd31:231:{n:x}::2";
        string serverMac = $"02:31:00:00:{n:x2}:01", clientMac = $"02:31:00:00:{n:x2}:02";
        string serverLink = $"pf{tag}s", clientLink = $"pf{tag}c";
        string ip = Commands.Find("ip") ?? throw new InvalidOperationException("ip (iproute2) is not installed.");
        try
        {
            Commands.Run(ip, ["netns", "add", Server]);
            Commands.Run(ip, ["netns", "add", Client]);
            Commands.Run(ip, ["link", "add", serverLink, "address", serverMac, "netns", Server, "type", "veth", "peer", "name", clientLink, "address", clientMac, "netns", Client]);
            foreach ((string ns, string link, string address, string address6, string peer, string peer6, string peerMac) in new[]
            {
                (Server, serverLink, ServerAddress, ServerAddress6, ClientAddress, ClientAddress6, clientMac),
                (Client, clientLink, ClientAddress, ClientAddress6, ServerAddress, ServerAddress6, serverMac),
            })
            {
                Commands.Run(ip, ["-n", ns, "addr", "add", address + "/24", "dev", link]);
                Commands.Run(ip, ["-n", ns, "addr", "add", address6 + "/64", "dev", link, "nodad"]);
                Commands.Run(ip, ["-n", ns, "link", "set", link, "up"]);
                Commands.Run(ip, ["-n", ns, "link", "set", "lo", "up"]);
                Commands.Run(ip, ["-n", ns, "neigh", "replace", peer, "lladdr", peerMac, "dev", link, "nud", "permanent"]);
                Commands.Run(ip, ["-n", ns, "neigh", "replace", peer6, "lladdr", peerMac, "dev", link, "nud", "permanent"]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Server { get; }

    public string Client { get; }

    public string ServerAddress { get; }

    public string ClientAddress { get; }

    public string ServerAddress6 { get; }

    public string ClientAddress6 { get; }

    /// <summary>Runs <paramref name="action"/> on a new thread that has joined namespace <paramref name="name"/> (<c>setns</c>); sockets it creates belong there.</summary>
    public static T RunIn<T>(string name, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/run/netns", name));
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "In " + name,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        string? ip = Commands.Find("ip");
        foreach (string ns in new[] { Server, Client })
        {
            try
            {
                Commands.Run(ip!, ["netns", "del", ns]);
            }
            catch (InvalidOperationException)
            {
                // not created
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
