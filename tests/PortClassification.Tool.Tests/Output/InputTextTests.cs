using FsCheck;
using FsCheck.Xunit;
using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class InputTextTests
{
    [Theory]
    [InlineData("60400", "'60400'")]
    [InlineData("604\n00", @"'604\n00'")]
    [InlineData("\u001b]0;x\u000760400", @"'\x1b]0;x\x0760400'")]
    [InlineData("a\tb\r\0\u007f", @"'a\tb\r\0\x7f'")]
    [InlineData("back\\slash", @"'back\\slash'")]
    [InlineData("\u202eevil", @"'\u202eevil'")]
    [InlineData("\u009b31m", @"'\u009b31m'")]
    [InlineData("naïve 😀", "'naïve 😀'")]
    public void Quote_EscapesControlAndInvisibleCharacters(string input, string expected) =>
        Assert.Equal(expected, InputText.Quote(input));

    [Fact]
    public void Quote_LongInput_CutAfterFortyCharactersWithAnEllipsis()
    {
        string quoted = InputText.Quote(new string('9', 100_000));

        Assert.Equal("'" + new string('9', InputText.MaxShown) + "…'", quoted);
    }

    [Fact]
    public void Quote_ExactlyFortyCharacters_NotCut() =>
        Assert.Equal("'" + new string('x', 40) + "'", InputText.Quote(new string('x', 40)));

    [Property(MaxTest = 500)]
    public void Quote_AnyInput_OnePrintableLineOfBoundedLength(string? input)
    {
        string quoted = InputText.Quote(input ?? string.Empty);

        Assert.DoesNotContain(quoted, c => char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);
        // Each shown character takes at most six (\uXXXX), plus quotes and the ellipsis.
        Assert.True(quoted.Length <= (InputText.MaxShown * 6) + 3, $"{quoted.Length} characters");
    }

    [Property(MaxTest = 500)]
    public void Quote_PrintableAsciiWithoutBackslash_Unchanged(NonNull<string> input)
    {
        string plain = new([.. input.Get.Where(c => c is >= ' ' and < '\x7f' and not '\\').Take(InputText.MaxShown)]);

        Assert.Equal("'" + plain + "'", InputText.Quote(plain));
    }

    [Fact]
    public void OneLine_MessageWithNewline_Escaped() =>
        Assert.Equal(@"a\nb \x1b[0m c\d", InputText.OneLine("a\nb \u001b[0m c\\d"));
}
