using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tool.Commands;
using PortClassification.Tool.Input;
using PortClassification.Tool.Processes;
using Xunit;

namespace PortClassification.Tool.Tests.Input;

public class HarnessParsersTests
{
    [Theory]
    [InlineData("30", 30000)]
    [InlineData("0", 0)]
    [InlineData("0.5", 500)]
    [InlineData(".25", 250)]
    [InlineData("2147483", 2147483000)]
    public void TryParseSeconds_Examples(string text, long milliseconds)
    {
        Assert.True(HarnessParsers.TryParseSeconds(text, out TimeSpan span));
        Assert.Equal(milliseconds, (long)span.TotalMilliseconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("2147484")]
    [InlineData("")]
    public void TryParseSeconds_Rejects(string text) => Assert.False(HarnessParsers.TryParseSeconds(text, out _));

    [Property]
    public Property TryParseSeconds_AnyText_NeverThrowsAndStaysInRange() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>()), text =>
        {
            bool ok = HarnessParsers.TryParseSeconds(text ?? string.Empty, out TimeSpan span);
            return !ok || (span >= TimeSpan.Zero && span.TotalMilliseconds <= int.MaxValue);
        });

    [Property]
    public Property TryParseSeconds_FormattedMilliseconds_RoundTrip() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), ms =>
            HarnessParsers.TryParseSeconds((ms / 1000m).ToString(CultureInfo.InvariantCulture), out TimeSpan span) && (long)span.TotalMilliseconds == ms);

    [Property]
    public Property ProcessSignal_AnyText_ParsesOnlyKnownNamesOrNumbers() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>()), text =>
        {
            text ??= string.Empty;
            bool ok = ProcessSignal.TryParse(text, out ProcessSignal signal);
            return !ok || ProcessSignal.Names.Contains(signal.Name);
        });

    [Property]
    public Property ProcessSignal_EveryName_RoundTripsWithAndWithoutPrefixAnyCase() =>
        Prop.ForAll(Arb.From(Gen.Elements(ProcessSignal.Names.ToArray())), name =>
            ProcessSignal.TryParse(name, out ProcessSignal a) && ProcessSignal.TryParse("sig" + name.ToLowerInvariant(), out ProcessSignal b)
            && ProcessSignal.TryParse(a.Number.ToString(CultureInfo.InvariantCulture), out ProcessSignal c)
            && a == b && b == c && a.ToString() == "SIG" + name);

    [Property]
    public Property IsVariableName_AnyText_MatchesThePosixRule() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>()), text =>
        {
            text ??= string.Empty;
            bool expected = text.Length > 0 && !char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            return ExecCommand.IsVariableName(text) == expected;
        });
}
