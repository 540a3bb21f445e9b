using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>The outcome of testing one port.</summary>
internal enum ProbeOutcome
{
    /// <summary>Every tested address could bind the port.</summary>
    Free,

    /// <summary>Some socket already uses the port on a tested address.</summary>
    Busy,

    /// <summary>The host forbids binding the port (Windows excluded port ranges, privileged ports).</summary>
    Forbidden,
}

/// <summary>
/// The bind test: can the port be bound, with nothing else on it, on every address the options name?
/// On Linux the TCP test sockets then stay open as guards for the lease's lifetime.
/// </summary>
/// <remarks>
/// <para>
/// The test bind is strict: no <c>SO_REUSEADDR</c>, so it fails on any socket using the port —
/// listening, bound, connected or in TIME_WAIT. .NET sets <c>SO_REUSEADDR</c> itself on Unix when a
/// <see cref="ProtocolType.Tcp"/> socket binds; a socket created with
/// <see cref="ProtocolType.Unspecified"/> is the same TCP socket to the kernel but skips that step.
/// On Windows the test sets <c>SO_EXCLUSIVEADDRUSE</c>, so a listener on the wildcard address blocks
/// the test of a specific address, and an excluded port shows up as access denied.
/// </para>
/// <para>
/// Linux guards: after the strict bind succeeds, <c>SO_REUSEADDR</c> is switched on and the socket is
/// kept, bound but not listening. The kernel then skips the port for every <c>bind(0)</c> and outbound
/// <c>connect()</c> of every process and user, and other allocators' strict tests fail on it, while a
/// server that sets <c>SO_REUSEADDR</c> (.NET, Node.js, Go, Java, nginx all do) still binds and listens
/// on it. On Linux a strict bind of the wildcard address fails on a socket bound to any address of
/// its family, so wildcard tests cover the specific ones and run first.
/// </para>
/// </remarks>
internal static class PortProbe
{
    /// <summary>Tests a port on every address for one transport.</summary>
    /// <param name="port">The port.</param>
    /// <param name="transport">The transport.</param>
    /// <param name="addresses">The addresses, wildcards first (see <see cref="OrderForProbe"/>).</param>
    /// <param name="unavailable">Per address: set when the host lacks it (no IPv6, say); such addresses are skipped from then on.</param>
    /// <param name="guards">Receives the guard sockets on Linux TCP when <paramref name="keepGuards"/> is set; the caller owns them.</param>
    /// <param name="keepGuards">Whether to keep Linux TCP test sockets as guards.</param>
    /// <returns>The outcome; on anything but <see cref="ProbeOutcome.Free"/> no guard is added.</returns>
    public static ProbeOutcome Probe(
        PortNumber port,
        Transport transport,
        IReadOnlyList<IPAddress> addresses,
        bool[] unavailable,
        List<Socket> guards,
        bool keepGuards)
    {
        bool linux = OperatingSystem.IsLinux();
        bool guard = keepGuards && linux && transport == Transport.Tcp;
        bool testedAny4 = false;
        bool testedAny6 = false;
        int firstGuard = guards.Count;
        for (int i = 0; i < addresses.Count; i++)
        {
            if (unavailable[i])
            {
                continue;
            }

            IPAddress address = addresses[i];
            bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            if (linux && (v6 ? testedAny6 : testedAny4))
            {
                continue;
            }

            Socket socket;
            try
            {
                socket = new Socket(address.AddressFamily, transport == Transport.Udp ? SocketType.Dgram : SocketType.Stream, ProtocolType.Unspecified);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported)
            {
                unavailable[i] = true;
                continue;
            }

            bool keep = false;
            try
            {
                if (v6)
                {
                    socket.DualMode = false;
                }

                if (OperatingSystem.IsWindows())
                {
                    socket.ExclusiveAddressUse = true;
                }

                socket.Bind(new IPEndPoint(address, port.Value));
                if (guard)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    guards.Add(socket);
                    keep = true;
                }
            }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    case SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported:
                        unavailable[i] = true;
                        continue;
                    case SocketError.AccessDenied:
                        ReleaseGuards(guards, firstGuard);
                        return ProbeOutcome.Forbidden;
                    default:
                        ReleaseGuards(guards, firstGuard);
                        return ProbeOutcome.Busy;
                }
            }
            finally
            {
                if (!keep)
                {
                    socket.Dispose();
                }
            }

            if (address.Equals(IPAddress.Any))
            {
                testedAny4 = true;
            }
            else if (address.Equals(IPAddress.IPv6Any))
            {
                testedAny6 = true;
            }
        }

        return ProbeOutcome.Free;
    }

    /// <summary>Orders addresses for <see cref="Probe"/>: wildcards first, otherwise as given, without duplicates.</summary>
    /// <param name="addresses">The addresses from the options.</param>
    /// <returns>The ordered addresses.</returns>
    public static IPAddress[] OrderForProbe(IReadOnlyList<IPAddress> addresses)
    {
        var ordered = new List<IPAddress>(addresses.Count);
        foreach (IPAddress address in addresses)
        {
            if ((address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) && !ordered.Contains(address))
            {
                ordered.Add(address);
            }
        }

        foreach (IPAddress address in addresses)
        {
            if (!ordered.Contains(address))
            {
                ordered.Add(address);
            }
        }

        return [.. ordered];
    }

    private static void ReleaseGuards(List<Socket> guards, int from)
    {
        for (int i = guards.Count - 1; i >= from; i--)
        {
            guards[i].Dispose();
            guards.RemoveAt(i);
        }
    }
}
