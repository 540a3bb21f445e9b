using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests;

public class PortNumberTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(80)]
    [InlineData(65535)]
    public void Constructor_ValidValue_KeepsValue(int value)
    {
        Assert.Equal(value, new PortNumber(value).Value);
        Assert.Equal(value, ((PortNumber)value).Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Constructor_OutOfRange_ThrowsNamingValueAndRange(int value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PortNumber(value));
        Assert.Equal("value", ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.Contains(value.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains("65535", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => (PortNumber)value);
        Assert.Throws<ArgumentOutOfRangeException>(() => PortNumber.Classify(value));
    }

    [Fact]
    public void Default_IsPortZero()
    {
        Assert.Equal(0, default(PortNumber).Value);
        Assert.Equal(PortNumber.MinValue, default);
        Assert.Equal(PortRange.System, default(PortNumber).Range);
        Assert.Equal("0", default(PortNumber).ToString());
    }

    [Fact]
    public void MinValueAndMaxValue_AreTheEndsOfThePortSpace()
    {
        Assert.Equal(0, PortNumber.MinValue.Value);
        Assert.Equal(65535, PortNumber.MaxValue.Value);
    }

    [Fact]
    public void Conversions_UshortAndInt_RoundTrip()
    {
        PortNumber fromUshort = (ushort)60400;
        int back = fromUshort;
        Assert.Equal(60400, back);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    public void TryCreate_ReportsValidity(int value, bool expected)
    {
        Assert.Equal(expected, PortNumber.TryCreate(value, out PortNumber port));
        Assert.Equal(expected ? value : 0, port.Value);
    }

    [Theory]
    [InlineData(0, PortRange.System)]
    [InlineData(1023, PortRange.System)]
    [InlineData(1024, PortRange.User)]
    [InlineData(49151, PortRange.User)]
    [InlineData(49152, PortRange.Dynamic)]
    [InlineData(60400, PortRange.Dynamic)]
    [InlineData(65535, PortRange.Dynamic)]
    public void Classify_Boundaries_FollowRfc6335(int port, PortRange expected)
    {
        Assert.Equal(expected, PortNumber.Classify(port));
        Assert.Equal(expected, PortNumber.Classify(new PortNumber(port)));
        Assert.Equal(expected, new PortNumber(port).Range);
    }

    [Fact]
    public void Classify_EveryPort_IsMonotoneWithExactlyTwoBoundaries()
    {
        var boundaries = new List<int>();
        PortRange previous = PortNumber.Classify(0);
        for (int port = 1; port <= 65535; port++)
        {
            PortRange current = PortNumber.Classify(port);
            Assert.True(current >= previous, $"Classify is not monotone at {port}.");
            if (current != previous)
            {
                boundaries.Add(port);
            }

            Assert.True(PortInterval.FromRange(current).Contains(new PortNumber(port)));
            previous = current;
        }

        Assert.Equal([1024, 49152], boundaries);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool Classify_IsTotal_AndAgreesWithRange(PortNumber port) =>
        PortNumber.Classify(port) == port.Range && PortNumber.Classify(port.Value) == port.Range;

    [Theory]
    [MemberData(nameof(PortNumberTheories.ValidText), MemberType = typeof(PortNumberTheories))]
    public void Parse_ValidText_ReturnsPort(string text, int expected)
    {
        Assert.Equal(expected, PortNumber.Parse(text).Value);
        Assert.Equal(expected, PortNumber.Parse(text.AsSpan()).Value);
        Assert.Equal(expected, PortNumber.Parse(Encoding.UTF8.GetBytes(text)).Value);
        Assert.Equal(expected, ParseGeneric<PortNumber>(text).Value);
    }

    [Theory]
    [MemberData(nameof(PortNumberTheories.ValidText), MemberType = typeof(PortNumberTheories))]
    public void TryParse_ValidText_ReturnsTrue(string text, int expected)
    {
        Assert.True(PortNumber.TryParse(text, out PortNumber fromString));
        Assert.True(PortNumber.TryParse(text.AsSpan(), out PortNumber fromSpan));
        Assert.True(PortNumber.TryParse(Encoding.UTF8.GetBytes(text), out PortNumber fromUtf8));
        Assert.Equal(expected, fromString.Value);
        Assert.Equal(expected, fromSpan.Value);
        Assert.Equal(expected, fromUtf8.Value);
    }

    [Theory]
    [MemberData(nameof(PortNumberTheories.InvalidText), MemberType = typeof(PortNumberTheories))]
    public void Parse_InvalidText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => PortNumber.Parse(text));
        Assert.Throws<FormatException>(() => PortNumber.Parse(text.AsSpan()));
        Assert.Throws<FormatException>(() => PortNumber.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [MemberData(nameof(PortNumberTheories.InvalidText), MemberType = typeof(PortNumberTheories))]
    public void TryParse_InvalidText_ReturnsFalseAndPortZero(string text)
    {
        Assert.False(PortNumber.TryParse(text, out PortNumber fromString));
        Assert.False(PortNumber.TryParse(text.AsSpan(), out PortNumber fromSpan));
        Assert.False(PortNumber.TryParse(Encoding.UTF8.GetBytes(text), out PortNumber fromUtf8));
        Assert.Equal(default, fromString);
        Assert.Equal(default, fromSpan);
        Assert.Equal(default, fromUtf8);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException_AndTryParseReturnsFalse()
    {
        Assert.Throws<ArgumentNullException>(() => PortNumber.Parse((string)null!));
        Assert.False(PortNumber.TryParse((string?)null, out _));
    }

    [Fact]
    public void Parse_InvalidUtf8Bytes_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => PortNumber.Parse(new byte[] { 0x38, 0xC0, 0x30 }));
        Assert.Throws<FormatException>(() => PortNumber.Parse(new byte[] { 0xEF, 0xBC, 0x98 })); // UTF-8 full-width 8
    }

    [Fact]
    public void FormatThenParse_EveryPort_RoundTrips()
    {
        Span<char> chars = stackalloc char[8];
        Span<byte> bytes = stackalloc byte[8];
        for (int value = 0; value <= 65535; value++)
        {
            var port = new PortNumber(value);
            Assert.True(port.TryFormat(chars, out int charCount));
            Assert.True(port.TryFormat(bytes, out int byteCount));
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), chars[..charCount].ToString());
            Assert.Equal(charCount, byteCount);
            Assert.Equal(port, PortNumber.Parse(chars[..charCount]));
            Assert.Equal(port, PortNumber.Parse(bytes[..byteCount]));
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool ToStringThenParse_RoundTrips(PortNumber port) => PortNumber.Parse(port.ToString()) == port;

    [Property(MaxTest = 2000)]
    public Property TryParse_DigitStrings_AgreesWithUInt16Parse() =>
        Prop.ForAll(
            Gen.Choose(1, 12).SelectMany(length => Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (char)c), length))
                .Select(digits => new string(digits))
                .ToArbitrary(),
            text =>
            {
                bool expected = ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort oracle);
                bool actual = PortNumber.TryParse(text, out PortNumber port);
                return actual == expected && (!actual || port.Value == oracle);
            });

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrowsAndAgreesWithParse(string? text)
    {
        bool ok = PortNumber.TryParse(text, out PortNumber port);
        if (text is null)
        {
            return !ok;
        }

        try
        {
            PortNumber parsed = PortNumber.Parse(text);
            return ok && parsed == port;
        }
        catch (FormatException)
        {
            return !ok;
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public void EqualityAndOrdering_AgreeWithValue(PortNumber left, PortNumber right)
    {
        ValueTypeContract.AssertConsistent(left, right);
        ValueTypeContract.AssertConsistent(left, left);
        Assert.Equal(Math.Sign(left.Value.CompareTo(right.Value)), Math.Sign(left.CompareTo(right)));
    }

    [Fact]
    public void CompareTo_Object_RejectsOtherTypes() =>
        ValueTypeContract.AssertRejectsOtherTypes(new PortNumber(80), 80);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(9, "9")]
    [InlineData(10, "10")]
    [InlineData(443, "443")]
    [InlineData(1024, "1024")]
    [InlineData(60400, "60400")]
    [InlineData(65535, "65535")]
    public void TryFormat_BufferOneShortExactAndLarger_BehavesPerLength(int value, string expected)
    {
        var port = new PortNumber(value);
        foreach (int extra in new[] { -1, 0, 3 })
        {
            var chars = new char[expected.Length + extra];
            var bytes = new byte[expected.Length + extra];
            bool fits = extra >= 0;
            Assert.Equal(fits, port.TryFormat(chars, out int charsWritten));
            Assert.Equal(fits, port.TryFormat(bytes, out int bytesWritten));
            Assert.Equal(fits ? expected.Length : 0, charsWritten);
            Assert.Equal(fits ? expected.Length : 0, bytesWritten);
            if (fits)
            {
                Assert.Equal(expected, new string(chars, 0, charsWritten));
                Assert.Equal(expected, Encoding.UTF8.GetString(bytes, 0, bytesWritten));
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("d")]
    public void FormattableInterfaces_DecimalFormats_WriteDigits(string? format)
    {
        var port = new PortNumber(8080);
        Assert.Equal("8080", ((IFormattable)port).ToString(format, CultureInfo.GetCultureInfo("ar-SA")));
        Assert.Equal("8080", string.Format(CultureInfo.GetCultureInfo("de-DE"), "{0}", port));
        Assert.Equal("port 8080", $"port {port}");
        Span<byte> utf8 = stackalloc byte[8];
        Assert.True(((IUtf8SpanFormattable)port).TryFormat(utf8, out int written, format, null));
        Assert.Equal("8080"u8.ToArray(), utf8[..written].ToArray());
    }

    [Theory]
    [InlineData("X")]
    [InlineData("N0")]
    [InlineData("D5")]
    public void FormattableInterfaces_OtherFormats_ThrowFormatException(string format)
    {
        var port = new PortNumber(8080);
        Assert.Throws<FormatException>(() => ((IFormattable)port).ToString(format, null));
        Assert.Throws<FormatException>(() => ((ISpanFormattable)port).TryFormat(new char[8], out _, format, null));
    }

    private static T ParseGeneric<T>(string text)
        where T : ISpanParsable<T>, IUtf8SpanParsable<T> =>
        T.Parse(text.AsSpan(), CultureInfo.InvariantCulture);
}
