using System.Globalization;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// <see cref="HostPortSettings.Read"/> on Linux (three procfs files, parsed and validated, with sources) against
/// what a user would write instead: <see cref="File.ReadAllText(string)"/> and <c>string.Split</c> on the range file.
/// </summary>
[MemoryDiagnoser]
public class HostPortSettingsBenchmarks
{
    private const string RangePath = "/proc/sys/net/ipv4/ip_local_port_range";

    [Benchmark(Baseline = true)]
    public (int First, int Last) ReadAllTextAndSplit()
    {
        string[] parts = File.ReadAllText(RangePath).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [Benchmark]
    public PortInterval Read() => HostPortSettings.Read().EphemeralRange(Transport.Tcp);
}
