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
    // Instance fields, not constants or static readonly ones: the JIT must not fold the work away.
    private readonly string _text = "60400";
    private readonly byte[] _utf8Text = "60400"u8.ToArray();
    private readonly ushort _value = 60400;
    private readonly PortNumber _port = new(60400);
    private readonly char[] _chars = new char[8];
    private readonly byte[] _bytes = new byte[8];

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Parse")]
    public ushort UInt16_Parse() => ushort.Parse(_text, NumberStyles.None, CultureInfo.InvariantCulture);

    [Benchmark]
    [BenchmarkCategory("Parse")]
    public PortNumber PortNumber_Parse() => PortNumber.Parse(_text);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ParseUtf8")]
    public ushort UInt16_ParseUtf8() => ushort.Parse(_utf8Text, NumberStyles.None, CultureInfo.InvariantCulture);

    [Benchmark]
    [BenchmarkCategory("ParseUtf8")]
    public PortNumber PortNumber_ParseUtf8() => PortNumber.Parse(_utf8Text);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Format")]
    public int UInt16_TryFormat()
    {
        _value.TryFormat(_chars, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    [Benchmark]
    [BenchmarkCategory("Format")]
    public int PortNumber_TryFormat()
    {
        _port.TryFormat(_chars, out int written);
        return written;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FormatUtf8")]
    public int UInt16_TryFormatUtf8()
    {
        _value.TryFormat(_bytes, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    [Benchmark]
    [BenchmarkCategory("FormatUtf8")]
    public int PortNumber_TryFormatUtf8()
    {
        _port.TryFormat(_bytes, out int written);
        return written;
    }
}
