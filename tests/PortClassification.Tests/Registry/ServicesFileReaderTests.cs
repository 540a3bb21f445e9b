using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Registry;

public class ServicesFileReaderTests
{
    private static IReadOnlyList<ServiceEntry> Load(string text) =>
        ServiceRegistry.LoadServicesFile(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Load_DebianStyleLines_ReadsNamesPortsAliasesAndComments()
    {
        IReadOnlyList<ServiceEntry> entries = Load(
            "# comment line\n\nwebmin\t\t10000/tcp\nkerberos\t88/udp\t\tkerberos5 krb5\t# Kerberos v5\nzebra 2601/tcp # zebra vty\n");

        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(ServiceOrigin.Host, e.Origin));
        Assert.Equal(("webmin", (PortNumber)10000, (Transport?)Transport.Tcp, ""), (entries[0].Name, entries[0].Ports.First, entries[0].Transport, entries[0].Description));
        Assert.Equal(["kerberos5", "krb5"], entries[1].Aliases);
        Assert.Equal("Kerberos v5", entries[1].Description);
        Assert.Equal(Transport.Udp, entries[1].Transport);
        Assert.Equal("zebra vty", entries[2].Description);
    }

    [Fact]
    public void Load_WindowsFixture_ReadsCrlfLinesAndSkipsDdp()
    {
        using FileStream stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Registry", "services-windows.txt"));

        IReadOnlyList<ServiceEntry> entries = ServiceRegistry.LoadServicesFile(stream);

        Assert.Equal(["echo", "echo", "ftp", "smtp", "nameserver", "kerberos", "ms-sql-s"], entries.Select(e => e.Name));
        Assert.Equal(["krb5", "kerberos-sec"], entries[5].Aliases);
        Assert.Equal("Microsoft-SQL-Server", entries[6].Description);
        Assert.Equal((PortNumber)1433, entries[6].Ports.First);
        Assert.DoesNotContain(entries, e => e.Name == "rtmp");
    }

    [Theory]
    [InlineData("webmin\n", 1, "no port/protocol")]
    [InlineData("ok 1/tcp\nwebmin 10000\n", 2, "not port/protocol")]
    [InlineData("webmin /tcp\n", 1, "not port/protocol")]
    [InlineData("webmin 10000/\n", 1, "not port/protocol")]
    [InlineData("webmin 65536/tcp\n", 1, "not a number from 0 to 65535")]
    [InlineData("webmin -1/tcp\n", 1, "not a number from 0 to 65535")]
    [InlineData("webmin 1e3/tcp\n", 1, "not a number from 0 to 65535")]
    [InlineData("# ok\n\nwebmin 100/t+p\n", 3, "not a protocol name")]
    [InlineData("web\u0001min 100/tcp\n", 1, "control character")]
    public void Load_MalformedLine_ThrowsFormatExceptionNamingTheLine(string text, int line, string reason)
    {
        FormatException e = Assert.Throws<FormatException>(() => Load(text));

        Assert.Contains($"line {line} (", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedLine_QuotesAShortEscapedExcerpt()
    {
        string line = "bad\u0007name 70000/tcp " + new string('x', 200);

        FormatException e = Assert.Throws<FormatException>(() => Load(line));

        Assert.Contains("\"bad\\x07name 70000/tcp", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0007', e.Message);
    }

    [Fact]
    public void Load_InvalidUtf8_ThrowsFormatException()
    {
        byte[] bytes = [.. "a 1/tcp\n"u8, 0xFF, 0xFE, .. " 2/tcp\n"u8];

        Assert.Throws<FormatException>(() => ServiceRegistry.LoadServicesFile(new MemoryStream(bytes)));
    }

    [Fact]
    public void Load_Null_Throws() => Assert.Throws<ArgumentNullException>(() => ServiceRegistry.LoadServicesFile(null!));

    [Fact]
    public void Entries_CanBeAddedToARegistry_AndFoundByAlias()
    {
        ServiceRegistry registry = ServiceRegistry.Default.WithEntries(Load("my-svc 61999/tcp mysvc-alias # ours\n"));

        Assert.True(registry.TryGetPort("mysvc-alias", Transport.Tcp, out PortNumber port));
        Assert.Equal((PortNumber)61999, port);
        Assert.Equal("my-svc", Assert.Single(registry.Lookup(61999, Transport.Tcp), e => e.Origin == ServiceOrigin.Host).Name);
    }

    private static readonly Gen<string> Token =
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_.+".ToCharArray()))
        from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz".ToCharArray())
        select first + new string(chars);

    private static readonly Gen<(string Name, ushort Port, Transport Transport, string[] Aliases, string Comment, string Gap)> Line =
        from name in Token
        from port in Gen.Choose(0, 65535)
        from transport in Gen.Elements(Transport.Tcp, Transport.Udp, Transport.Sctp, Transport.Dccp)
        from aliases in Gen.ArrayOf(Token)
        from comment in Gen.Elements("", "Some service", "a # b", "x")
        from gap in Gen.Elements(" ", "\t", "\t\t", "  \t ")
        select (name, (ushort)port, transport, aliases, comment, gap);

    [Property(MaxTest = 300)]
    public Property Load_FormattedLines_RoundTrip() =>
        Prop.ForAll(Gen.ListOf(Line).ToArbitrary(), Gen.Elements("\n", "\r\n").ToArbitrary(), (lines, newline) =>
        {
            var text = new StringBuilder("# generated\n");
            foreach (var l in lines)
            {
                text.Append(l.Name).Append(l.Gap).Append(l.Port).Append('/').Append(TransportText.Format(l.Transport));
                foreach (string alias in l.Aliases)
                {
                    text.Append(l.Gap).Append(alias);
                }

                if (l.Comment.Length > 0)
                {
                    text.Append(l.Gap).Append("# ").Append(l.Comment);
                }

                text.Append(newline);
            }

            IReadOnlyList<ServiceEntry> read = Load(text.ToString());

            Assert.Equal(lines.Count, read.Count);
            for (int i = 0; i < read.Count; i++)
            {
                Assert.Equal(lines[i].Name, read[i].Name);
                Assert.Equal((PortNumber)lines[i].Port, read[i].Ports.First);
                Assert.Equal(lines[i].Transport, read[i].Transport);
                Assert.Equal(lines[i].Aliases, read[i].Aliases);
                Assert.Equal(lines[i].Comment, read[i].Description);
            }
        });

    /// <summary>Mutated input: a valid file with characters replaced, inserted or deleted either reads or throws FormatException naming a line, never anything else.</summary>
    [Property(MaxTest = 500)]
    public Property Load_MutatedInput_ReadsOrThrowsFormatExceptionNamingALine()
    {
        const string Valid = "# services\nssh 22/tcp\nkerberos 88/udp kerberos5 krb5 # Kerberos v5\nwebmin 10000/tcp\nrtmp 1/ddp\n";
        Gen<string> mutated =
            from edits in Gen.NonEmptyListOf(Mutation.Of(['/', '#', ' ', '\t', '\n', '\r', '9', 'x', '\0', '\u00e9', '-', '\u0085'], truncate: false))
            select Mutation.Apply(Valid, edits);
        return Prop.ForAll(mutated.ToArbitrary(), text =>
        {
            try
            {
                IReadOnlyList<ServiceEntry> read = Load(text);
                Assert.All(read, e => Assert.Equal(ServiceOrigin.Host, e.Origin));
            }
            catch (FormatException e)
            {
                Assert.Matches(@"line \d+", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                Assert.DoesNotContain('\0', e.Message);
            }
        });
    }
}
