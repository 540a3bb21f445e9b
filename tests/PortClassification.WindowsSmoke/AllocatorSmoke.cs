using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using PortClassification;

/// <summary>The allocator on Windows: default policy, FileShare.None claims, SO_EXCLUSIVEADDRUSE bind tests, hand-off.</summary>
internal static class AllocatorSmoke
{
    public static void Check(Checks checks)
    {
        PortInterval ephemeral = HostPortSettings.Current.EphemeralRange(Transport.Tcp);
        using PortLease first = PortAllocator.Default.Lease();
        using PortLease second = PortAllocator.Default.Lease();
        Console.WriteLine($"     leased {first} and {second}; ephemeral range {ephemeral}");
        checks.That("two leases differ", first.Port != second.Port, $"{first} {second}");
        checks.That("a leased port is outside the ephemeral range", !ephemeral.Contains(first.Port), first.ToString());

        // The cross-process claim: the per-port file is open with FileShare.None while the lease lives.
        string claim = Path.Combine(Path.GetTempPath(), "PortClassification", "claims", "tcp-" + first.Port.ToString());
        bool locked;
        try
        {
            using var stream = new FileStream(claim, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            locked = false;
        }
        catch (IOException)
        {
            locked = true;
        }

        checks.That("the claim file is locked while leased", locked, claim);

        var server = new TcpListener(IPAddress.Loopback, first.Port.Value);
        server.Start();
        checks.That("a server binds the leased port", server.Server.IsBound, first.ToString());
        server.Stop();

        using Socket handedOff = second.TakeSocket();
        checks.That("TakeSocket returns a bound socket on the port", ((IPEndPoint)handedOff.LocalEndPoint!).Port == second.Port.Value, handedOff.LocalEndPoint!.ToString()!);

        // A listener on one specific address makes the port busy for the exclusive wildcard test.
        using var busy = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        busy.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        busy.Listen();
        int busyPort = ((IPEndPoint)busy.LocalEndPoint!).Port;
        var single = new PortAllocator(new PortAllocatorOptions { CandidatePorts = new PortInterval((ushort)busyPort) });
        string message = "";
        try
        {
            single.Lease().Dispose();
        }
        catch (InvalidOperationException e)
        {
            message = e.Message;
        }

        checks.That("a port with a loopback listener is reported in use", message.Contains("1 in use", StringComparison.Ordinal), message);

        PortNumber released = first.Port;
        first.Dispose();
        var again = new PortAllocator(new PortAllocatorOptions { PreferredPorts = [released] });
        using PortLease relet = again.Lease();
        checks.That("a disposed lease's port can be leased again", relet.Port == released, relet.ToString());
    }
}
