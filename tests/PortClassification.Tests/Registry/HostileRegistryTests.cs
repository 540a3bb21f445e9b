using Xunit;

namespace PortClassification.Tests.Registry;

/// <summary>
/// Both IANA readers on hostile input of 200 MB, generated while read: each gives up early with a short
/// <see cref="FormatException"/> that names the line, within a small read budget and little memory.
/// </summary>
public class HostileRegistryTests
{
    private const long HugeInput = 200L * 1024 * 1024;
    private const long Budget = 4L * 1024 * 1024;
    private const long MaxAllocated = 64L * 1024 * 1024;
    private const string Head = "<?xml version='1.0'?><registry xmlns=\"http://www.iana.org/assignments\"><updated>2026-08-17</updated>";

    public static TheoryData<string, string, string> HostileXml => new()
    {
        // 200 MB of nested elements, at the top, in a record's skipped child, and in a description.
        { Head, "<x>", "nested more than 16 deep" },
        { Head + "<record><assignee>", "<y>", "nested more than 16 deep" },
        { Head + "<record><description>", "<paragraph>", "nested more than 16 deep" },
        // One record whose text never ends.
        { Head + "<record><description>", "description text ", "more than 262144 characters" },
        { Head + "<record><note>", "a<br/>", "more than 262144 characters" },
    };

    [Theory]
    [MemberData(nameof(HostileXml))]
    public void Xml_200MegabytesOfHostileInput_ShortFormatExceptionEarly(string prefix, string pattern, string expected)
    {
        var input = new HostileRegistryInput(prefix, pattern, HugeInput, string.Empty, Budget);
        long before = GC.GetAllocatedBytesForCurrentThread();

        FormatException e = Assert.Throws<FormatException>(() => IanaXmlReader.Read(input));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters: {e.Message[..Math.Min(300, e.Message.Length)]}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocated, "allocated too much");
    }

    [Fact]
    public void Xml_HugeNameInAMismatchedTag_MessageQuotesAShortExcerpt()
    {
        // The parser's own message quotes the element name; 1 MB of name must not become a 1 MB message.
        var input = new HostileRegistryInput(Head + "<", "a", 1024 * 1024, "></b>", Budget);

        FormatException e = Assert.Throws<FormatException>(() => IanaXmlReader.Read(input));

        Assert.StartsWith("The IANA XML is malformed at line 1", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, $"{e.Message.Length} characters");
    }

    [Fact]
    public void Xml_HugePortNumber_MessageQuotesAShortExcerpt()
    {
        var input = new HostileRegistryInput(Head + "<record><number>", "9", 100_000, "</number><protocol>tcp</protocol></record></registry>", Budget);

        FormatException e = Assert.Throws<FormatException>(() => IanaXmlReader.Read(input));

        Assert.Contains("the port number '" + new string('9', 40) + "…' is not a port", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters");
    }

    public static TheoryData<string, string, string> HostileCsv => new()
    {
        // A quoted field that never closes, an endless unquoted field, and endless commas.
        { CsvHeader + "x,\"", "never closed ", "longer than 262144 characters" },
        { CsvHeader + "x,", "9", "longer than 262144 characters" },
        { CsvHeader, ",", "more than 256 fields" },
    };

    [Theory]
    [MemberData(nameof(HostileCsv))]
    public void Csv_200MegabytesOfHostileInput_ShortFormatExceptionEarly(string prefix, string pattern, string expected)
    {
        var input = new HostileRegistryInput(prefix, pattern, HugeInput, string.Empty, Budget);
        long before = GC.GetAllocatedBytesForCurrentThread();

        FormatException e = Assert.Throws<FormatException>(() => IanaCsvReader.Read(input));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocated, "allocated too much");
    }

    [Fact]
    public void Csv_HugePortNumber_MessageQuotesAShortExcerpt()
    {
        var input = new HostileRegistryInput(CsvHeader + "x,", "9", 100_000, ",tcp,d,,,,,,,,\n", Budget);

        FormatException e = Assert.Throws<FormatException>(() => IanaCsvReader.Read(input));

        Assert.Contains("the port number '" + new string('9', 40) + "…' is not a port", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters");
    }

    [Fact]
    public void ServiceRegistry_LoadIanaXmlOfNestedElements_FormatException()
    {
        var input = new HostileRegistryInput(Head, "<x>", HugeInput, string.Empty, Budget);

        Assert.Throws<FormatException>(() => ServiceRegistry.LoadIanaXml(input));
    }

    private const string CsvHeader =
        "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";
}
