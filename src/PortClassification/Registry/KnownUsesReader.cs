using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PortClassification;

/// <summary>
/// Reads and checks <c>Registry/known-uses.csv</c>, the curated table of well-known unofficial uses
/// that <c>PortClassification.RegistryCompiler</c> compiles into the embedded table.
/// </summary>
/// <remarks>
/// <para>The format (one row per service, port or range, and transport set):</para>
/// <code>name,ports,transports,category,platforms,aliases,description,source</code>
/// <para>
/// RFC 4180, UTF-8. <c>name</c> and each alias are IANA-style (lower-case letters, digits and single
/// hyphens, starting with a letter, at most 31 characters); <c>ports</c> is <c>9200</c> or
/// <c>6881-6889</c>; <c>transports</c> is <c>tcp</c>, <c>udp</c> or <c>tcp udp</c>; <c>category</c> is
/// one of <see cref="CategoryNames"/>; <c>platforms</c> is empty (all) or some of <c>linux macos windows</c>;
/// <c>description</c> is at most 120 characters; <c>source</c> is an <c>https://</c> URL or
/// <c>owner/repo:path[#Lnn]</c>. A (name, ports, transport) appears once. Every broken rule is a
/// <see cref="FormatException"/> naming the line, so a bad row never reaches the table.
/// </para>
/// </remarks>
internal static class KnownUsesReader
{
    internal const string Header = "name,ports,transports,category,platforms,aliases,description,source";
    internal const int MaxDescriptionLength = 120;
    internal const int MaxNameLength = 31;

    /// <summary>The CSV's category names, indexed by <see cref="ServiceCategory"/> value (0, <c>None</c>, has none).</summary>
    internal static readonly string[] CategoryNames =
    [
        string.Empty, "dev-server", "web-server", "app-server", "database", "cache", "search", "message-broker",
        "orchestration", "container", "observability", "ci-cd", "vpn", "proxy", "remote-access", "file-transfer",
        "mail", "directory", "voip", "iot", "peer-to-peer", "blockchain", "game", "media", "ai-ml", "os-service",
        "security", "other",
    ];

    /// <summary>Reads the whole file.</summary>
    /// <exception cref="FormatException">A row breaks the format; the message names the line.</exception>
    internal static List<ServiceEntry> Read(Stream stream)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return Read(text);
    }

    /// <inheritdoc cref="Read(Stream)"/>
    internal static List<ServiceEntry> Read(TextReader text)
    {
        var csv = new Rfc4180Reader(text);
        var fields = new List<string>(8);
        if (!csv.TryReadRecord(fields) || string.Join(',', fields) != Header)
        {
            throw new FormatException($"known-uses.csv line 1: the header must be '{Header}'.");
        }

        var entries = new List<ServiceEntry>();
        var seen = new HashSet<(string, PortInterval, Transport)>();
        while (csv.TryReadRecord(fields))
        {
            int line = csv.RecordLine;
            foreach (ServiceEntry entry in ParseRow(fields, line))
            {
                if (!seen.Add((entry.Name, entry.Ports, entry.Transport!.Value)))
                {
                    throw Error(line, $"'{entry}' is already listed above");
                }

                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Parses one row into an entry per transport.</summary>
    /// <exception cref="FormatException">The row breaks the format.</exception>
    internal static ServiceEntry[] ParseRow(IReadOnlyList<string> fields, int line)
    {
        if (fields.Count != 8)
        {
            throw Error(line, $"it has {fields.Count} fields, not 8 ({Header})");
        }

        string name = fields[0];
        if (!IsServiceName(name))
        {
            throw Error(line, $"the name '{name}' is not IANA style (a-z, 0-9 and single '-', starting with a letter, at most {MaxNameLength})");
        }

        if (!PortInterval.TryParse(fields[1], out PortInterval ports) || fields[1].Contains(' ', StringComparison.Ordinal))
        {
            throw Error(line, $"the ports '{fields[1]}' are not a port or a range 'first-last'");
        }

        Transport[] transports = fields[2] switch
        {
            "tcp" => [Transport.Tcp],
            "udp" => [Transport.Udp],
            "tcp udp" => [Transport.Tcp, Transport.Udp],
            _ => throw Error(line, $"the transports '{fields[2]}' are not 'tcp', 'udp' or 'tcp udp'"),
        };

        int category = Array.IndexOf(CategoryNames, fields[3]);
        if (category <= 0)
        {
            throw Error(line, $"the category '{fields[3]}' is not one of: {string.Join(' ', CategoryNames, 1, CategoryNames.Length - 1)}");
        }

        ServicePlatforms platforms = ParsePlatforms(fields[4], line);
        string[] aliases = fields[5].Length == 0 ? [] : fields[5].Split(' ');
        foreach (string alias in aliases)
        {
            if (!IsServiceName(alias) || alias == name || Array.IndexOf(aliases, alias) != Array.LastIndexOf(aliases, alias))
            {
                throw Error(line, $"the alias '{alias}' is not an IANA-style name, repeats the name or is listed twice");
            }
        }

        string description = fields[6];
        if (description.Length is 0 or > MaxDescriptionLength || description.Trim().Length != description.Length || HasControl(description))
        {
            throw Error(line, $"the description must be 1 to {MaxDescriptionLength} characters on one line without leading or trailing spaces");
        }

        string source = fields[7];
        if (!IsSource(source))
        {
            throw Error(line, $"the source '{source}' is not an https:// URL or 'owner/repo:path[#Lnn]'");
        }

        var entries = new ServiceEntry[transports.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new ServiceEntry(name, ports, transports[i], description, ServiceOrigin.KnownUse)
            {
                Citation = source,
                Category = (ServiceCategory)category,
                Platforms = platforms,
                Aliases = aliases,
            };
        }

        return entries;
    }

    /// <summary>Determines whether a name is IANA style: RFC 6335 section 5.1, lower case only.</summary>
    internal static bool IsServiceName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > MaxNameLength || !char.IsAsciiLetterLower(name[0]) || name[^1] == '-')
        {
            return false;
        }

        for (int i = 1; i < name.Length; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (c == '-' && name[i - 1] != '-')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Determines whether a source is an https URL or a GitHub file reference <c>owner/repo:path[#Lnn[-Lnn]]</c>.</summary>
    internal static bool IsSource(string source)
    {
        if (source.Length == 0 || source.AsSpan().IndexOfAny(" \t\r\n\"") >= 0)
        {
            return false;
        }

        if (source.StartsWith("https://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(source, UriKind.Absolute, out Uri? uri) && uri.Host.Contains('.', StringComparison.Ordinal);
        }

        int colon = source.IndexOf(':', StringComparison.Ordinal);
        int slash = source.IndexOf('/', StringComparison.Ordinal);
        if (colon < 0 || slash <= 0 || slash > colon || source.IndexOf('/', slash + 1) is int second && second >= 0 && second < colon)
        {
            return false;
        }

        if (!IsRepoPart(source.AsSpan(0, slash)) || !IsRepoPart(source.AsSpan(slash + 1, colon - slash - 1)))
        {
            return false;
        }

        ReadOnlySpan<char> path = source.AsSpan(colon + 1);
        int hash = path.IndexOf('#');
        if (hash >= 0)
        {
            if (!IsLineAnchor(path[(hash + 1)..]))
            {
                return false;
            }

            path = path[..hash];
        }

        return !path.IsEmpty && path[0] != '/' && path[^1] != '/' && !path.Contains("//", StringComparison.Ordinal);
    }

    private static bool IsRepoPart(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return false;
        }

        foreach (char c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    // "L12" or "L12-L30".
    private static bool IsLineAnchor(ReadOnlySpan<char> anchor)
    {
        int dash = anchor.IndexOf('-');
        return dash < 0 ? IsLine(anchor) : IsLine(anchor[..dash]) && IsLine(anchor[(dash + 1)..]);

        static bool IsLine(ReadOnlySpan<char> l) =>
            l.Length >= 2 && l[0] == 'L' && !l[1..].ContainsAnyExceptInRange('0', '9') && l[1] != '0';
    }

    private static ServicePlatforms ParsePlatforms(string text, int line)
    {
        if (text.Length == 0)
        {
            return ServicePlatforms.All;
        }

        ServicePlatforms platforms = ServicePlatforms.None;
        foreach (string word in text.Split(' '))
        {
            ServicePlatforms one = word switch
            {
                "linux" => ServicePlatforms.Linux,
                "macos" => ServicePlatforms.MacOS,
                "windows" => ServicePlatforms.Windows,
                _ => throw Error(line, $"the platform '{word}' is not linux, macos or windows"),
            };
            if ((platforms & one) != 0)
            {
                throw Error(line, $"the platform '{word}' is listed twice");
            }

            platforms |= one;
        }

        return platforms;
    }

    private static bool HasControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static FormatException Error(int line, string message) => new($"known-uses.csv line {line}: {message}.");
}
