using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Registry;

public class IanaCsvReaderTests
{
    private static RegistryData Read(string csv) => IanaCsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

    private static string MiniCsv => Encoding.UTF8.GetString(RegistryFixtures.MiniCsv);

    [Fact]
    public void Read_Fixture_GivesTheSameEntriesAsTheXmlFixture()
    {
        RegistryData csv = IanaCsvReader.Read(new MemoryStream(RegistryFixtures.MiniCsv));
        RegistryData xml = IanaXmlReader.Read(new MemoryStream(RegistryFixtures.MiniXml));

        Assert.Equal(xml.Holds, csv.Holds);
        Assert.Equal(xml.RecordsWithoutPort, csv.RecordsWithoutPort);
        Assert.Equal(
            xml.Services.Select(s => (s.Name, s.Ports, s.Transport, s.UnauthorizedUse)),
            csv.Services.Select(s => (s.Name, s.Ports, s.Transport, s.UnauthorizedUse)));
        Assert.Equal("RFC9110", csv.Services[1].Reference);
        Assert.Equal("draft-example-00", csv.Services.Single(s => s.Name == "x11").Reference); // footnote [1] dropped
        Assert.Equal("ISO & IEC 1234", csv.Services.Single(s => s.Name == "dccp-demo").Reference);
        Assert.Equal(xml.Services.Select(s => s.Note), csv.Services.Select(s => s.Note));
    }

    [Fact]
    public void Read_Fixture_DateIsTheNewestRecordDate()
    {
        Assert.Equal(new DateOnly(2026, 2, 13), IanaCsvReader.Read(new MemoryStream(RegistryFixtures.MiniCsv)).Date);
    }

    [Fact]
    public void Read_QuotedFieldWithQuotesAndComma_IsOneField()
    {
        RegistryData data = IanaCsvReader.Read(new MemoryStream(RegistryFixtures.MiniCsv));

        Assert.Equal("Demo, with \"quotes\"", data.Services.Single(s => s.Name == "dccp-demo").Description);
    }

    [Fact]
    public void Read_RecordWithTooFewFields_ThrowsFormatExceptionNamingRecordAndLine()
    {
        string csv = MiniCsv.Replace("finger,79,tcp,Finger,", "finger,79,tcp,", StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => Read(csv));

        Assert.Contains("record 2 (line 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedInsideQuotedField_ThrowsFormatExceptionNamingTheLine()
    {
        string csv = MiniCsv;
        int cut = csv.IndexOf("\"Defined TXT keys:", StringComparison.Ordinal) + 5;

        var e = Assert.Throws<FormatException>(() => Read(csv[..cut]));

        Assert.Contains("line 6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryTruncationThatDropsAField_ThrowsFormatException()
    {
        // A cut inside a record's last field, or exactly between records, still parses: no CSV can tell
        // (documented on LoadIanaCsv). Every other cut loses a field or a closing quote and must fail.
        string csv = MiniCsv;
        int start = csv.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        while (start < csv.Length)
        {
            int end = csv.IndexOf("\r\n", start, StringComparison.Ordinal);
            int lastComma = csv.LastIndexOf(',', end - 1, end - start);
            for (int length = start + 1; length <= lastComma; length++)
            {
                Assert.Throws<FormatException>(() => Read(csv[..length]));
            }

            start = end + 2;
        }
    }

    [Theory]
    [InlineData("finger,79,tcp,", "finger,79x,tcp,", "port number '79x'")]
    [InlineData("x11,6000-6063,tcp,", "x11,6000-6063,quic,", "protocol 'quic'")]
    [InlineData(",,,2025-03,", ",,,March 2025,", "date 'March 2025'")]
    [InlineData("Service Name,", "Service,", "header")]
    public void Read_InvalidField_ThrowsFormatExceptionNamingIt(string find, string replace, string expected)
    {
        Assert.Contains(find, MiniCsv, StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => Read(MiniCsv.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsFormatException()
    {
        byte[] bytes = [.. RegistryFixtures.MiniCsv];
        bytes[^5] = 0xFF;

        Assert.Throws<FormatException>(() => IanaCsvReader.Read(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\r\n")]
    public void Read_NoRecords_ThrowsFormatException(string csv)
    {
        Assert.Throws<FormatException>(() => Read(csv));
    }

    [Property(MaxTest = 300)]
    public Property Read_MutatedBytes_LoadsOrThrowsFormatException()
    {
        byte[] csv = RegistryFixtures.MiniCsv;
        Gen<(int Index, byte Value)> mutation =
            from index in Gen.Choose(0, csv.Length - 1)
            from value in Gen.Elements((byte)',', (byte)'"', (byte)'\r', (byte)'\n', (byte)'-', (byte)'9', (byte)'x', (byte)0xC3)
            select (index, value);
        return Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            byte[] copy = (byte[])csv.Clone();
            copy[m.Index] = m.Value;
            try
            {
                IanaCsvReader.Read(new MemoryStream(copy));
            }
            catch (FormatException)
            {
            }
        });
    }
}
