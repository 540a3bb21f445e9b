using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace PortClassification.Benchmarks;

/// <summary>Port text against <see cref="ushort"/>'s own parser and formatter, the BCL baseline.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParseFormatBenchmarks
{
    private const string Text = "60400";
    private static readonly byte[] Utf8Text = "60400"u8.ToArray();
    private static readonly PortNumber Port = new(60400);
    private readonly char[] _chars = new char[8];
    private readonly byte[] _bytes = new byte[8];

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Parse")]
    public ushort UInt16_Parse() => ushort.Parse(Text, NumberStyles.None, CultureInfo.InvariantCulture);

    [Benchmark]
    [BenchmarkCategory("Parse")]
    public PortNumber PortNumber_Parse() => PortNumber.Parse(Text);

    [Benchmark]
    [BenchmarkCategory("Parse")]
    public PortNumber PortNumber_ParseUtf8() => PortNumber.Parse(Utf8Text);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Format")]
    public int UInt16_TryFormat()
    {
        ((ushort)60400).TryFormat(_chars, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    [Benchmark]
    [BenchmarkCategory("Format")]
    public int PortNumber_TryFormat()
    {
        Port.TryFormat(_chars, out int written);
        return written;
    }

    [Benchmark]
    [BenchmarkCategory("Format")]
    public int PortNumber_TryFormatUtf8()
    {
        Port.TryFormat(_bytes, out int written);
        return written;
    }
}
