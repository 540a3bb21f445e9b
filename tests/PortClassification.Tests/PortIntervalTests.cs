using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests;

public class PortIntervalTests
{
    public static TheoryData<string, int, int> ValidText => new()
    {
        { "0", 0, 0 },
        { "8080", 8080, 8080 },
        { "0-65535", 0, 65535 },
        { "49152-65535", 49152, 65535 },
        { "32768-60999", 32768, 60999 },
        { "41400-41410", 41400, 41410 },
        { "5-5", 5, 5 },
    };

    public static TheoryData<string> InvalidText => new()
    {
        "",
        "-",
        "80-",
        "-80",
        "90-80",
        "1-2-3",
        "1 - 2",
        " 1-2",
        "1-2 ",
        "1..2",
        "1,2",
        "0-65536",
        "+1-2",
        "1-+2",
        "1\t2",
    };

    [Theory]
    [MemberData(nameof(ValidText))]
    public void Parse_ValidText_ReturnsInterval(string text, int first, int last)
    {
        var expected = new PortInterval(new PortNumber(first), new PortNumber(last));
        Assert.Equal(expected, PortInterval.Parse(text));
        Assert.Equal(expected, PortInterval.Parse(text.AsSpan()));
        Assert.Equal(expected, PortInterval.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [MemberData(nameof(ValidText))]
    public void TryParse_ValidText_ReturnsTrue(string text, int first, int last)
    {
        Assert.True(PortInterval.TryParse(text, out PortInterval fromString));
        Assert.True(PortInterval.TryParse(Encoding.UTF8.GetBytes(text), out PortInterval fromUtf8));
        Assert.Equal(first, fromString.First.Value);
        Assert.Equal(last, fromString.Last.Value);
        Assert.Equal(fromString, fromUtf8);
    }

    [Theory]
    [MemberData(nameof(InvalidText))]
    public void Parse_InvalidText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => PortInterval.Parse(text));
        Assert.Throws<FormatException>(() => PortInterval.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [MemberData(nameof(InvalidText))]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PortInterval.TryParse(text, out PortInterval result));
        Assert.False(PortInterval.TryParse(text.AsSpan(), out _));
        Assert.False(PortInterval.TryParse(Encoding.UTF8.GetBytes(text), out _));
        Assert.Equal(default, result);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException_AndTryParseReturnsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => PortInterval.Parse((string)null!));
        Assert.False(PortInterval.TryParse((string?)null, out _));
    }

    [Fact]
    public void Constructor_FirstGreaterThanLast_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PortInterval(new PortNumber(2), new PortNumber(1)));
        Assert.Equal("first", ex.ParamName);
    }

    [Fact]
    public void Default_IsPortZeroAlone()
    {
        Assert.Equal(new PortInterval(PortNumber.MinValue), default);
        Assert.Equal(PortNumber.MinValue, Assert.Single(default(PortInterval)));
        Assert.Equal("0", default(PortInterval).ToString());
    }

    [Theory]
    [InlineData(PortRange.System, 0, 1023)]
    [InlineData(PortRange.User, 1024, 49151)]
    [InlineData(PortRange.Dynamic, 49152, 65535)]
    public void FromRange_ReturnsRfc6335Bounds(PortRange range, int first, int last)
    {
        PortInterval interval = PortInterval.FromRange(range);
        Assert.Equal(first, interval.First.Value);
        Assert.Equal(last, interval.Last.Value);
    }

    [Fact]
    public void FromRange_UndefinedValue_ThrowsArgumentOutOfRangeException() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortInterval.FromRange((PortRange)3));

    [Fact]
    public void All_CoversEveryPort()
    {
        Assert.Equal(65536, PortInterval.All.Count);
        Assert.Equal("0-65535", PortInterval.All.ToString());
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Contains_AgreesWithBounds(PortInterval interval, PortNumber port) =>
        interval.Contains(port) == (interval.First <= port && port <= interval.Last);

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Overlaps_IsSymmetricAndAgreesWithSharedPorts(PortInterval a, PortInterval b) =>
        a.Overlaps(b) == b.Overlaps(a)
        && a.Overlaps(b) == (Math.Max(a.First, b.First) <= Math.Min(a.Last, b.Last))
        && a.Contains(b) == (a.Contains(b.First) && a.Contains(b.Last));

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Enumeration_VisitsCountPortsInAscendingOrder(PortInterval interval)
    {
        int expected = interval.First.Value;
        foreach (PortNumber port in interval)
        {
            if (port.Value != expected)
            {
                return false;
            }

            expected++;
        }

        return expected - interval.First.Value == interval.Count
            && interval.SequenceEqual(Enumerable.Range(interval.First, interval.Count).Select(p => new PortNumber(p)));
    }

    [Fact]
    public void Enumeration_DoesNotAllocate()
    {
        PortInterval interval = PortInterval.FromRange(PortRange.Dynamic);
        long sum = 0;
        foreach (PortNumber port in interval)
        {
            sum += port; // warm up
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (PortNumber port in interval)
        {
            sum += port;
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum > 0);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool FormatThenParse_RoundTrips(PortInterval interval)
    {
        string text = interval.ToString();
        Span<byte> utf8 = stackalloc byte[PortInterval.MaxFormattedLength];
        return PortInterval.Parse(text) == interval
            && interval.TryFormat(utf8, out int written)
            && Encoding.UTF8.GetString(utf8[..written]) == text
            && (interval.Count == 1) == !text.Contains('-', StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public void TryFormat_BufferOneShortExactAndLarger_BehavesPerLength(PortInterval interval)
    {
        string expected = interval.ToString();
        foreach (int extra in new[] { -1, 0, 4 })
        {
            var chars = new char[expected.Length + extra];
            var bytes = new byte[expected.Length + extra];
            bool fits = extra >= 0;
            Assert.Equal(fits, interval.TryFormat(chars, out int charsWritten));
            Assert.Equal(fits, interval.TryFormat(bytes, out int bytesWritten));
            Assert.Equal(fits ? expected.Length : 0, charsWritten);
            Assert.Equal(fits ? expected.Length : 0, bytesWritten);
        }
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrowsAndAgreesWithParse(string? text)
    {
        bool ok = PortInterval.TryParse(text, out PortInterval result);
        if (text is null)
        {
            return !ok;
        }

        try
        {
            PortInterval parsed = PortInterval.Parse(text);
            return ok && parsed == result;
        }
        catch (FormatException)
        {
            return !ok;
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public void EqualityAndOrdering_AgreeWithBounds(PortInterval left, PortInterval right)
    {
        ValueTypeContract.AssertConsistent(left, right);
        ValueTypeContract.AssertConsistent(left, left);
        int expected = left.First != right.First ? left.First.CompareTo(right.First) : left.Last.CompareTo(right.Last);
        Assert.Equal(Math.Sign(expected), Math.Sign(left.CompareTo(right)));
    }

    [Theory]
    [InlineData("0-3")]
    [InlineData("0")]
    [InlineData("80-90")]
    [InlineData("65535")]
    public void EnumeratorCurrent_BeforeFirstMoveNext_IsFirst(string text)
    {
        PortInterval interval = PortInterval.Parse(text);
        PortInterval.Enumerator enumerator = interval.GetEnumerator();

        Assert.Equal(interval.First, enumerator.Current);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(interval.First, enumerator.Current);
    }

    [Fact]
    public void EnumeratorCurrent_AfterLastPort_StaysLast()
    {
        PortInterval.Enumerator enumerator = PortInterval.Parse("65534-65535").GetEnumerator();

        while (enumerator.MoveNext())
        {
        }

        Assert.Equal((PortNumber)65535, enumerator.Current);
        Assert.False(enumerator.MoveNext());
    }

    [Fact]
    public void NonGenericEnumeratorCurrent_IntervalStartingAtZero_DoesNotThrow()
    {
        System.Collections.IEnumerator enumerator = ((System.Collections.IEnumerable)PortInterval.Parse("0-1")).GetEnumerator();

        Assert.Equal(PortNumber.MinValue, enumerator.Current);
    }

    [Fact]
    public void CompareTo_Object_RejectsOtherTypes() =>
        ValueTypeContract.AssertRejectsOtherTypes(PortInterval.Parse("80-90"), new PortNumber(80));

    [Fact]
    public void CompareTo_Object_SortsAnUntypedList()
    {
        var list = new System.Collections.ArrayList { PortInterval.Parse("90"), PortInterval.Parse("80-85"), PortInterval.Parse("80") };

        list.Sort();

        Assert.Equal([PortInterval.Parse("80"), PortInterval.Parse("80-85"), PortInterval.Parse("90")], list.Cast<PortInterval>());
    }
}
