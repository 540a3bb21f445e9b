using System.Buffers.Binary;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// <see cref="ServiceRegistry.Lookup"/> on <see cref="ServiceRegistry.Default"/> against glibc's <c>getservbyport</c>, which is what a program on
/// Linux calls to name a port (it scans <c>/etc/services</c> on every call).
/// </summary>
/// <remarks>
/// Both sides are given the same mixed ports — assigned, ranged, unofficial and unknown — and return
/// a reference to the answer (the entry list, or the <c>servent</c>'s name pointer) without building strings.
/// </remarks>
[MemoryDiagnoser]
public partial class RegistryBenchmarks
{
    private const int Ports = 8;

    // 22 ssh, 443 https, 5432 postgresql, 6010 inside x11's 6000-6063, 60400 CERTI (unofficial),
    // 8080 http-alt, 1234 search-agent, 47000 (no entry anywhere).
    private static readonly ushort[] s_ports = [22, 443, 5432, 6010, 60400, 8080, 1234, 47000];

    [GlobalSetup]
    public void Setup()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The getservbyport baseline is glibc's; run this benchmark on Linux.");
        }

        ServiceRegistry.Default.Lookup(443, Transport.Tcp); // the one-time load is measured by RegistryLoadBenchmarks
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ports)]
    public unsafe nint GetServByPort()
    {
        nint found = 0;
        ReadOnlySpan<byte> tcp = "tcp"u8; // a u8 literal is NUL-terminated in the assembly's data
        fixed (byte* proto = tcp)
        {
            foreach (ushort port in s_ports)
            {
                // getservbyport takes the port in network byte order.
                Servent* entry = getservbyport(BinaryPrimitives.ReverseEndianness(port), proto);
                found ^= entry is null ? 0 : entry->Name;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Ports)]
    public int Lookup()
    {
        int found = 0;
        foreach (ushort port in s_ports)
        {
            found += ServiceRegistry.Default.Lookup(port, Transport.Tcp).Count;
        }

        return found;
    }

    // <netdb.h>: struct servent { char *s_name; char **s_aliases; int s_port; char *s_proto; };
    // only the first field is read.
    [StructLayout(LayoutKind.Sequential)]
    private struct Servent
    {
        public nint Name;
        public nint Aliases;
        public int Port;
        public nint Proto;
    }

    [LibraryImport("libc")]
    private static unsafe partial Servent* getservbyport(int port, byte* proto);
}
