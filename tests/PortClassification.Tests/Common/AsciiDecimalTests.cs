using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Common;

public class AsciiDecimalTests
{
    [Theory]
    [InlineData("0", 19, true, 0UL)]
    [InlineData("4194304", 9, true, 4194304UL)]
    [InlineData("9999999999999999999", 19, true, 9999999999999999999UL)]
    [InlineData("1234567890", 9, false, 0UL)]
    [InlineData("", 19, false, 0UL)]
    [InlineData("-1", 19, false, 0UL)]
    [InlineData("+1", 19, false, 0UL)]
    [InlineData(" 1", 19, false, 0UL)]
    [InlineData("1a", 19, false, 0UL)]
    public void TryParse_Text_ReturnsDigitsValueWithinTheLimit(string text, int maxDigits, bool expected, ulong value)
    {
        Assert.Equal(expected, AsciiDecimal.TryParse(Encoding.UTF8.GetBytes(text), maxDigits, out ulong parsed));
        Assert.Equal(value, parsed);
    }

    [Property(MaxTest = 1000)]
    public Property TryParse_DigitStrings_AgreesWithUInt64Parse() =>
        Prop.ForAll(
            Gen.Choose(1, 19).SelectMany(length => Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (byte)c), length)).ToArbitrary(),
            digits =>
                AsciiDecimal.TryParse(digits, 19, out ulong value)
                && value == ulong.Parse(Encoding.ASCII.GetString(digits), NumberStyles.None, CultureInfo.InvariantCulture));

    [Property(MaxTest = 1000)]
    public bool TryParse_ArbitraryBytes_NeverThrowsAndAcceptsOnlyDigits(byte[]? bytes)
    {
        bytes ??= [];
        bool ok = AsciiDecimal.TryParse(bytes, 19, out _);
        return ok == (bytes.Length is > 0 and <= 19 && bytes.All(b => b is >= (byte)'0' and <= (byte)'9'));
    }
}
