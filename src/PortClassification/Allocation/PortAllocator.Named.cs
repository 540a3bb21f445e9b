using System;
using System.Threading;

namespace PortClassification;

public sealed partial class PortAllocator
{
    /// <summary>
    /// Leases a free port chosen by a name, such as <c>"orders-api"</c>: the same name gets the same port on every run
    /// for the same user on the same host, as long as that port is free.
    /// </summary>
    /// <param name="name">The name; any non-empty text, compared exactly (case-sensitive).</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> (the default) or <see cref="Transport.Udp"/>.</param>
    /// <returns>The lease; dispose it when the server is done with the port.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="InvalidOperationException">No candidate port is free; the message says why each was rejected.</exception>
    /// <exception cref="System.IO.IOException">A claim file could not be opened or locked for a reason other than contention, such as the process running out of file descriptors.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A test socket could not be created, such as when the process has run out of file descriptors.</exception>
    /// <remarks>
    /// <para>
    /// A stable hash (64-bit FNV-1a) of the user name (<see cref="Environment.UserName"/>) and <paramref name="name"/>
    /// picks a port among this allocator's candidates; it gets the usual checks (not leased here, not claimed by
    /// another process, free on every address). If it is taken, two more stable choices for the name are tried,
    /// then the allocator falls back to what <see cref="Lease"/> does — so a name gives a
    /// predictable port (bookmarks, logs, a debugger attached to the same URL every run), never a guaranteed one:
    /// read <see cref="PortLease.Port"/>.
    /// </para>
    /// <para>
    /// The port depends on the candidates, which follow the host's ephemeral and reserved ports and
    /// <see cref="PortAllocatorOptions.CandidatePorts"/>: another host, or a changed setting, may give another port.
    /// Including the user keeps two users of one host (a shared CI runner) from aiming at the same ports.
    /// <see cref="PortAllocatorOptions.PreferredPorts"/> come after the name's choices, before any other candidate.
    /// </para>
    /// </remarks>
    public PortLease LeaseByName(string name, Transport transport = Transport.Tcp)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ValidateTransport(transport);
        CandidatePolicy policy = GetPolicy(transport);
        if (policy.Count > 0)
        {
            var rejections = default(Rejections);
            string user = Environment.UserName;
            for (int choice = 0; choice < StablePort.Choices; choice++)
            {
                rejections.Considered++;
                PortNumber port = policy[StablePort.Index(name, user, policy.Count, choice)];
                if (TryTake(port, transport, ref rejections) is PortLease lease)
                {
                    return lease;
                }
            }
        }

        return LeaseCore(transport, CancellationToken.None);
    }
}
