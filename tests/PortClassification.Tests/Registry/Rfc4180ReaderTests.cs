using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Registry;

public class Rfc4180ReaderTests
{
    private static List<List<string>> ReadAll(string csv)
    {
        var reader = new Rfc4180Reader(new StringReader(csv));
        var records = new List<List<string>>();
        var fields = new List<string>();
        while (reader.TryReadRecord(fields))
        {
            records.Add([.. fields]);
        }

        return records;
    }

    /// <summary>Writes records as RFC 4180 says: quote a field that holds a comma, quote, CR or LF, and double its quotes.</summary>
    private static string Write(IEnumerable<string[]> records)
    {
        var builder = new StringBuilder();
        foreach (string[] record in records)
        {
            builder.AppendJoin(',', record.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f));
            builder.Append("\r\n");
        }

        return builder.ToString();
    }

    // Fields drawn mostly from the characters that matter to CSV, so quoting is exercised on most runs.
    private static Arbitrary<string[][]> Records()
    {
        Gen<string> field = Gen.ArrayOf(Gen.Elements('a', 'z', ' ', ',', '"', '\r', '\n', 'é', '0')).Select(chars => new string(chars));
        Gen<string[]> record = Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(field, n));
        return Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(record, n)).ToArbitrary();
    }

    [Property(MaxTest = 500)]
    public Property TryReadRecord_WrittenRecords_RoundTrip() =>
        Prop.ForAll(Records(), records =>
        {
            List<List<string>> read = ReadAll(Write(records));
            return read.Count == records.Length && read.Zip(records).All(p => p.First.SequenceEqual(p.Second));
        });

    [Property(MaxTest = 500)]
    public Property TryReadRecord_ArbitraryText_ReadsOrThrowsFormatException() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements('a', ',', '"', '\r', '\n')).Select(c => new string(c)).ToArbitrary(), text =>
        {
            try
            {
                ReadAll(text);
            }
            catch (FormatException)
            {
            }
        });

    [Fact]
    public void TryReadRecord_QuotedLineBreaks_StayInTheFieldAndCountLines()
    {
        var reader = new Rfc4180Reader(new StringReader("a,\"b\nc\r\nd\"\r\ne,f"));
        var fields = new List<string>();

        Assert.True(reader.TryReadRecord(fields));
        Assert.Equal(["a", "b\nc\r\nd"], fields);
        Assert.Equal(1, reader.RecordLine);
        Assert.True(reader.TryReadRecord(fields));
        Assert.Equal(["e", "f"], fields);
        Assert.Equal(4, reader.RecordLine); // the quoted field held two line breaks
        Assert.False(reader.TryReadRecord(fields));
    }

    [Fact]
    public void TryReadRecord_EmptyFields_AreKept()
    {
        Assert.Equal([["", "", ""], [""]], ReadAll(",,\r\n\r\n"));
    }

    [Theory]
    [InlineData("a,b\"c\r\n", 1, "unquoted")]
    [InlineData("a\r\nb,\"never closed\r\nmore", 2, "never closed")]
    [InlineData("a\r\n\"x\"y\r\n", 2, "after the closing quote")]
    [InlineData("a\rb\r\n", 1, "carriage return")]
    public void TryReadRecord_Malformed_ThrowsFormatExceptionNamingTheLine(string csv, int line, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ReadAll(csv));

        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
