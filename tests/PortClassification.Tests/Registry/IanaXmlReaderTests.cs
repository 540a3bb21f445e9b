using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Registry;

public class IanaXmlReaderTests
{
    private static RegistryData ReadMini() => IanaXmlReader.Read(new MemoryStream(RegistryFixtures.MiniXml));

    [Fact]
    public void Read_Fixture_ReadsDateAndCounts()
    {
        RegistryData data = ReadMini();

        Assert.Equal(new DateOnly(2026, 8, 17), data.Date);
        Assert.Equal(10, data.RecordsRead);
        Assert.Equal(1, data.RecordsWithoutPort);
        Assert.Equal(["finger", "https", "https", "boe-cms", "x11", "dccp-demo"], data.Services.Select(s => s.Name));
        Assert.Equal(3, data.Holds.Count);
    }

    [Fact]
    public void Read_Fixture_KeepsRangesTransportsAndMissingProtocol()
    {
        RegistryData data = ReadMini();

        ServiceEntry x11 = data.Services.Single(s => s.Name == "x11");
        Assert.Equal(new PortInterval(6000, 6063), x11.Ports);
        Assert.Equal(Transport.Tcp, x11.Transport);
        Assert.Null(data.Services.Single(s => s.Name == "boe-cms").Transport);
        Assert.Equal(Transport.Sctp, data.Services[2].Transport);
        Assert.Equal(Transport.Dccp, data.Services.Single(s => s.Name == "dccp-demo").Transport);
        Assert.Contains(new PortHold(new PortInterval(444, 999), null, HoldKind.Unassigned), data.Holds);
        Assert.Contains(new PortHold(new PortInterval(0), Transport.Tcp, HoldKind.Reserved), data.Holds);
        Assert.Contains(new PortHold(new PortInterval(359), Transport.Udp, HoldKind.Reserved), data.Holds);
    }

    [Fact]
    public void Read_Fixture_FormatsReferencesUnauthorizedAndInlineXrefs()
    {
        RegistryData data = ReadMini();

        Assert.Equal("RFC9110", data.Services[1].Reference);
        Assert.Equal("draft-example-00, Section 4", data.Services.Single(s => s.Name == "x11").Reference);
        Assert.Null(data.Services[0].Reference); // a person is a contact, not a reference
        Assert.Equal("Unauthorized use by some mail users (see [RFC4146] for details)", data.Services[0].UnauthorizedUse);
        Assert.Equal("Demo [RFC4340] service", data.Services.Single(s => s.Name == "dccp-demo").Description);
        Assert.Equal("ISO & IEC 1234", data.Services.Single(s => s.Name == "dccp-demo").Reference);
    }

    [Fact]
    public void Read_NoteWithBreaks_KeepsOneLineBreakPerBrAndBlankLines()
    {
        Assert.Equal("Line one\nline two\n\nAfter a blank line", ReadMini().Services.Single(s => s.Name == "x11").Note);
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsFormatExceptionNamingTheLine()
    {
        byte[] xml = RegistryFixtures.MiniXml;
        for (int length = 0; length < xml.Length - 1; length++)
        {
            var e = Assert.Throws<FormatException>(() => IanaXmlReader.Read(new MemoryStream(xml, 0, length)));
            Assert.Contains("line", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("<number>6000-6063</number>", "<number>6063-6000</number>", "record 8")]
    [InlineData("<number>79</number>", "<number>70000</number>", "record 2")]
    [InlineData("<protocol>dccp</protocol>", "<protocol>quic</protocol>", "record 9")]
    [InlineData("<updated>2026-08-17</updated>", "<updated>17 Aug 2026</updated>", "line 4")]
    [InlineData("<updated>2026-08-17</updated>", "", "no <updated> date")]
    [InlineData("</record>\n  <record>\n    <name>https</name>", "</recrd>\n  <record>\n    <name>https</name>", "record 3")]
    public void Read_InvalidRecord_ThrowsFormatExceptionNamingIt(string find, string replace, string expected)
    {
        string xml = System.Text.Encoding.UTF8.GetString(RegistryFixtures.MiniXml);
        Assert.Contains(find, xml, StringComparison.Ordinal);
        byte[] broken = System.Text.Encoding.UTF8.GetBytes(ReplaceFirst(xml, find, replace));

        var e = Assert.Throws<FormatException>(() => IanaXmlReader.Read(new MemoryStream(broken)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotTheIanaRegistry_ThrowsFormatException()
    {
        byte[] other = "<registry xmlns=\"urn:other\"><record/></registry>"u8.ToArray();

        Assert.Throws<FormatException>(() => IanaXmlReader.Read(new MemoryStream(other)));
    }

    [Property(MaxTest = 300)]
    public Property Read_MutatedBytes_LoadsOrThrowsFormatException()
    {
        byte[] xml = RegistryFixtures.MiniXml;
        Gen<(int Index, byte Value)> mutation =
            from index in Gen.Choose(0, xml.Length - 1)
            from value in Gen.Choose(0, 255)
            select (index, (byte)value);
        return Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            byte[] copy = (byte[])xml.Clone();
            copy[m.Index] = m.Value;
            try
            {
                IanaXmlReader.Read(new MemoryStream(copy));
            }
            catch (FormatException)
            {
            }
        });
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }
}
