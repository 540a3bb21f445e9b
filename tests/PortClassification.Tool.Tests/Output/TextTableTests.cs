using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class TextTableTests
{
    [Fact]
    public void Write_MixedWidths_AlignsColumnsRightAlignsMarkedOnesAndLeavesNoTrailingSpaces()
    {
        var table = new TextTable("NAME", ">PORT", "NOTE");
        table.Add(("a", TextStyle.None), ("5", TextStyle.None), ("x", TextStyle.None));
        table.Add(("longer", TextStyle.None), ("60400", TextStyle.None), (string.Empty, TextStyle.None));
        var output = new StringWriter { NewLine = "\n" };

        table.Write(output, Styler.Plain, indent: 2);

        Assert.Equal(
            "  NAME     PORT  NOTE\n" +
            "  a           5  x\n" +
            "  longer  60400\n",
            output.ToString());
    }

    [Fact]
    public void Write_Colour_WidthsMeasuredOnTheTextNotTheEscapes()
    {
        var table = new TextTable("A", "B");
        table.Add(("x", TextStyle.Accent), ("y", TextStyle.None));
        table.Add(("wide", TextStyle.None), ("z", TextStyle.Dim));
        var output = new StringWriter { NewLine = "\n" };

        table.Write(output, Styler.Ansi, header: false);

        Assert.Equal("\u001b[1;36mx\u001b[0m     y\nwide  \u001b[2mz\u001b[0m\n", output.ToString());
    }

    [Fact]
    public void Add_WrongNumberOfCells_Throws()
    {
        var table = new TextTable("A", "B");

        Assert.Throws<ArgumentException>(() => table.Add(("x", TextStyle.None)));
    }
}
