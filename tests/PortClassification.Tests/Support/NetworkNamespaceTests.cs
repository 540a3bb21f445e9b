using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Xunit;

namespace PortClassification.Tests.Support;

[SupportedOSPlatform("linux")]
public class NetworkNamespaceTests
{
    [NetworkNamespaceFact]
    public void Run_ChildProcess_InheritsTheNamespace()
    {
        string childSaw = NetworkNamespace.Run(() =>
        {
            NetworkNamespace.WriteSysctl("ipv4/ip_local_port_range", "45000 45099");
            using Process child = Process.Start(new ProcessStartInfo("/bin/cat", "/proc/sys/net/ipv4/ip_local_port_range")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            return output;
        });

        Assert.Equal("45000\t45099\n", childSaw);
    }

    [NetworkNamespaceFact]
    public void BringUpLoopback_FreshNamespace_LoopbackCarriesTraffic()
    {
        (bool RefusedWhileDown, int Port) result = NetworkNamespace.Run(() =>
        {
            NetworkNamespace.WriteSysctl("ipv4/ip_local_port_range", "45100 45109");
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();

            bool refusedWhileDown;
            using (var early = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                refusedWhileDown = Throws(() => early.Connect(listener.LocalEndPoint!));
            }

            NetworkNamespace.BringUpLoopback();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            return (refusedWhileDown, ((IPEndPoint)listener.LocalEndPoint!).Port);
        });

        Assert.True(result.RefusedWhileDown);
        Assert.InRange(result.Port, 45100, 45109);
    }

    [NetworkNamespaceFact]
    public void Run_ActionThrows_RethrowsOnTheCaller()
    {
        var thrown = Assert.Throws<InvalidDataException>(() => NetworkNamespace.Run(() => throw new InvalidDataException("inside")));
        Assert.Equal("inside", thrown.Message);
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
