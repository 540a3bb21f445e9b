using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary><see cref="PortNumber.Classify(int)"/> against the if-chain a user would write instead.</summary>
[MemoryDiagnoser]
public class ClassifyBenchmarks
{
    // A spread of ports across all three ranges, so branch prediction cannot learn one answer.
    private readonly int[] _ports = new int[1024];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(60400);
        for (int i = 0; i < _ports.Length; i++)
        {
            _ports[i] = random.Next(0, 65536);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1024)]
    public int NaiveIfChain()
    {
        int sum = 0;
        foreach (int port in _ports)
        {
            sum += (int)ClassifyNaive(port);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int Classify()
    {
        int sum = 0;
        foreach (int port in _ports)
        {
            sum += (int)PortNumber.Classify(port);
        }

        return sum;
    }

    private static PortRange ClassifyNaive(int port)
    {
        if (port < 0 || port > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port));
        }

        if (port <= 1023)
        {
            return PortRange.System;
        }

        if (port <= 49151)
        {
            return PortRange.User;
        }

        return PortRange.Dynamic;
    }
}
