using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class PluralTests
{
    [Theory]
    [InlineData(0, "0 ports")]
    [InlineData(1, "1 port")]
    [InlineData(2, "2 ports")]
    [InlineData(28232, "28232 ports")]
    public void Count_PicksTheNumber(long count, string expected) => Assert.Equal(expected, Plural.Count(count, "port"));

    [Fact]
    public void Count_IrregularPlural() => Assert.Equal("3 processes", Plural.Count(3, "process", "processes"));
}
