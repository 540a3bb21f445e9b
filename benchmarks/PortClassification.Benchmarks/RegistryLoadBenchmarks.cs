using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// The one-time cost of the registry: building <see cref="ServiceRegistry.Default"/> afresh from the
/// embedded table, against loading IANA's own XML (what a user would do without the table).
/// </summary>
[MemoryDiagnoser]
public class RegistryLoadBenchmarks
{
    private byte[] _xml = [];

    [GlobalSetup]
    public void Setup()
    {
        // ../shared/data/iana beside the repository (or a worktree's ancestors); see the tests' SharedData.
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "shared", "data", "iana", "service-names-port-numbers.xml");
            if (File.Exists(path))
            {
                _xml = File.ReadAllBytes(path);
                return;
            }
        }

        throw new FileNotFoundException("IANA's service-names-port-numbers.xml was not found in shared/data/iana beside any ancestor of " + AppContext.BaseDirectory);
    }

    [Benchmark(Baseline = true)]
    public ServiceRegistry LoadIanaXml() => ServiceRegistry.LoadIanaXml(new MemoryStream(_xml, writable: false));

    [Benchmark]
    public ServiceRegistry LoadEmbeddedTable() => ServiceRegistry.LoadEmbedded(withKnownUses: true);
}
