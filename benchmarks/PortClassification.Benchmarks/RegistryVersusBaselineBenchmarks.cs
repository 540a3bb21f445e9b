using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// <see cref="ServiceRegistry.Default.Lookup"/> of this tree against the library before the known-uses atlas (issue 12),
/// in one run: the bar is "allocation-free and within 1.2× of the time before the atlas".
/// </summary>
/// <remarks>
/// Run <c>benchmarks/baseline/build-baseline.sh</c> first. This file compiles against both libraries, so it
/// uses only API that both have.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(RegistryVersusBaselineConfig))]
public class RegistryVersusBaselineBenchmarks
{
    private const int Ports = 8;

    // The ports of RegistryBenchmarks: 22 ssh, 443 https, 5432 postgresql, 6010 inside x11's 6000-6063,
    // 60400 CERTI (unofficial), 8080 http-alt, 1234 search-agent, 47000 (no entry anywhere).
    private static readonly ushort[] s_ports = [22, 443, 5432, 6010, 60400, 8080, 1234, 47000];

    // ServiceRegistry.LoadEmbedded(bool) is internal in both versions (the parameter was renamed from withUnofficial
    // to withKnownUses), so it is reached by reflection, once, through a delegate: no reflection cost per call.
    // Typed object: BenchmarkDotNet's generated project does not see the baseline DLL, only this assembly.
    private static readonly Func<bool, object> s_loadEmbedded =
        typeof(ServiceRegistry).GetMethod("LoadEmbedded", BindingFlags.NonPublic | BindingFlags.Static, [typeof(bool)])
            ?.CreateDelegate<Func<bool, object>>()
        ?? throw new MissingMethodException(nameof(ServiceRegistry), "LoadEmbedded(bool)");

    [GlobalSetup]
    public void Setup() => ServiceRegistry.Default.Lookup(443, Transport.Tcp); // the one-time load is measured by the cold-start class

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

    /// <summary>
    /// The data half of the first load, without the JIT: reading the embedded table (with the known uses, or the
    /// old hard-coded unofficial entries) and building the indexes, warm and repeated.
    /// </summary>
    [Benchmark]
    public object LoadEmbeddedTable() => s_loadEmbedded(true);
}

/// <summary>
/// The registry's first load as a program meets it — the first <see cref="ServiceRegistry.Default.Lookup"/> in a fresh
/// process, which reads the embedded table and builds the index — against the library before the atlas.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RegistryVersusBaselineColdStartConfig))]
public class RegistryVersusBaselineFirstLoadBenchmarks
{
    [Benchmark]
    public int FirstLookup() => ServiceRegistry.Default.Lookup(443, Transport.Tcp).Count;
}
