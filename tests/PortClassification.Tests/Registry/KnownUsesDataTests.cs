using System.Text.RegularExpressions;
using Xunit;

namespace PortClassification.Tests.Registry;

/// <summary>
/// Checks every row of <c>src/PortClassification/Registry/known-uses.csv</c> against the format in its
/// reader's documentation, with rules written here independently of <see cref="KnownUsesReader"/>.
/// </summary>
public partial class KnownUsesDataTests
{
    private static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "Data", "known-uses.csv");

    private static readonly string[] Categories =
    [
        "dev-server", "web-server", "app-server", "database", "cache", "search", "message-broker", "orchestration",
        "container", "observability", "ci-cd", "vpn", "proxy", "remote-access", "file-transfer", "mail", "directory",
        "voip", "iot", "peer-to-peer", "blockchain", "game", "media", "ai-ml", "os-service", "security", "other",
    ];

    // Not primary sources: encyclopaedias and port lists that copy each other.
    private static readonly string[] ForbiddenSourceHosts =
    [
        "wikipedia.org", "speedguide.net", "adminsub.net", "grc.com", "portforward.com", "iana.org", "nmap.org",
        "whatportis.com", "auditmypc.com", "networksorcery.com", "stackoverflow.com", "reddit.com",
    ];

    /// <summary>Reads the file with the library's reader (which also rejects any bad row).</summary>
    internal static List<ServiceEntry> ReadFile()
    {
        using FileStream stream = File.OpenRead(FilePath);
        return KnownUsesReader.Read(stream);
    }

    private static List<(int Line, List<string> Fields)> RawRows()
    {
        using var text = new StreamReader(FilePath);
        var csv = new Rfc4180Reader(text);
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        Assert.True(csv.TryReadRecord(fields));
        Assert.Equal("name,ports,transports,category,platforms,aliases,description,source", string.Join(',', fields));
        while (csv.TryReadRecord(fields))
        {
            rows.Add((csv.RecordLine, [.. fields]));
        }

        return rows;
    }

    [Fact]
    public void File_EveryRowParses()
    {
        List<ServiceEntry> entries = ReadFile();

        Assert.True(entries.Count >= RawRows().Count);
        Assert.All(entries, e => Assert.Equal(ServiceOrigin.KnownUse, e.Origin));
    }

    [Fact]
    public void File_IsUtf8WithLineFeedsAndNoBlankLines()
    {
        byte[] bytes = File.ReadAllBytes(FilePath);
        string text = new System.Text.UTF8Encoding(false, true).GetString(bytes);

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", text, StringComparison.Ordinal);
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "no byte order mark");
    }

    [Fact]
    public void Rows_FollowTheFormat()
    {
        Assert.All(RawRows(), row =>
        {
            (int line, List<string> f) = row;
            string at = $"line {line}: {string.Join(',', f)}";
            Assert.True(f.Count == 8, at);
            Assert.True(NameRegex().IsMatch(f[0]) && f[0].Length <= 31 && !f[0].Contains("--", StringComparison.Ordinal), at);
            Match ports = PortsRegex().Match(f[1]);
            Assert.True(ports.Success, at);
            if (ports.Groups[2].Success)
            {
                Assert.True(int.Parse(ports.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= int.Parse(ports.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), at);
            }

            Assert.True(int.Parse(ports.Groups[ports.Groups[2].Success ? 2 : 1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 65535, at);
            Assert.Contains(f[2], (string[])["tcp", "udp", "tcp udp"]);
            Assert.Contains(f[3], Categories);
            Assert.True(f[4].Length == 0 || PlatformsRegex().IsMatch(f[4]), at);
            Assert.All(f[5].Length == 0 ? [] : f[5].Split(' '), alias =>
                Assert.True(NameRegex().IsMatch(alias) && alias.Length <= 31 && !alias.Contains("--", StringComparison.Ordinal) && alias != f[0], at));
            Assert.InRange(f[6].Length, 1, 120);
            Assert.Equal(f[6].Trim(), f[6]);
        });
    }

    [Fact]
    public void Rows_HaveAPrimarySource()
    {
        Assert.All(RawRows(), row =>
        {
            string source = row.Fields[7];
            string at = $"line {row.Line}: {source}";
            if (source.StartsWith("https://", StringComparison.Ordinal))
            {
                Assert.True(Uri.TryCreate(source, UriKind.Absolute, out Uri? uri), at);
                Assert.DoesNotContain(ForbiddenSourceHosts, host => uri!.Host == host || uri.Host.EndsWith("." + host, StringComparison.Ordinal));
            }
            else
            {
                Assert.True(RepoSourceRegex().IsMatch(source), at);
            }
        });
    }

    [Fact]
    public void Rows_AreUniqueByNamePortsAndTransport()
    {
        var seen = new HashSet<(string, string, string)>();
        foreach ((int line, List<string> f) in RawRows())
        {
            foreach (string transport in f[2].Split(' '))
            {
                Assert.True(seen.Add((f[0], f[1], transport)), $"line {line}: {f[0]} {f[1]}/{transport} is listed twice");
            }
        }
    }

    [Fact]
    public void Rows_AreSortedByPort()
    {
        // Within one port the curators' order is kept: most widely met first, which Lookup preserves.
        List<(int Line, List<string> Fields)> rows = RawRows();
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.True(FirstPort(rows[i - 1].Fields[1]) <= FirstPort(rows[i].Fields[1]), $"line {rows[i].Line} is out of port order");
        }

        static int FirstPort(string ports) => int.Parse(ports.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Rows_AreNotWhatIanaAssignsOnThatPortUnderThatName()
    {
        foreach (ServiceEntry entry in ReadFile())
        {
            Assert.DoesNotContain(ServiceRegistry.Default.Lookup(entry.Ports.First, entry.Transport),
                e => e.Origin == ServiceOrigin.Iana && string.Equals(e.Name, entry.Name, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void EmbeddedTable_HoldsExactlyTheFilesRows()
    {
        Assert.Equal(
            ReadFile().Select(Key),
            ServiceRegistry.KnownUses.Select(Key));

        static string Key(ServiceEntry e) =>
            $"{e.Name}|{e.Ports}|{e.Transport}|{e.Category}|{e.Platforms}|{string.Join(' ', e.Aliases)}|{e.Description}|{e.Citation}";
    }

    [Fact]
    public void KnownUses_AreInTheDefaultRegistryAfterIanasInFileOrder()
    {
        Assert.All(ServiceRegistry.KnownUses, u =>
        {
            IReadOnlyList<ServiceEntry> found = ServiceRegistry.Default.Lookup(u.Ports.First, u.Transport);
            Assert.Contains(u, found);
            Assert.True(found.TakeWhile(e => e != u).All(e => e.Origin is ServiceOrigin.Iana or ServiceOrigin.KnownUse));
        });
    }

    [GeneratedRegex("^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^([0-9]{1,5})(?:-([0-9]{1,5}))?$")]
    private static partial Regex PortsRegex();

    [GeneratedRegex("^(linux|macos|windows)( (linux|macos|windows))*$")]
    private static partial Regex PlatformsRegex();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+:[^\s:#/][^\s#]*(#L[1-9][0-9]*(-L[1-9][0-9]*)?)?$")]
    private static partial Regex RepoSourceRegex();
}
