using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PortClassification;

/// <summary>The ranking behind <see cref="ServiceRegistry.Search"/>: a linear scan that scores every entry.</summary>
internal static class ServiceSearch
{
    /// <summary>How well an entry matches; lower is better, <see cref="None"/> is no match.</summary>
    internal enum Rank
    {
        ExactName = 0,
        ExactAlias = 1,
        NamePrefix = 2,
        AliasPrefix = 3,
        NameContains = 4,
        DescriptionWord = 5,
        DescriptionContains = 6,
        None = 7,
    }

    internal static IReadOnlyList<ServiceEntry> Run(ServiceEntry[] entries, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return ReadOnlyCollection<ServiceEntry>.Empty;
        }

        var found = new List<(Rank Rank, bool Iana, int Index)>();
        for (int i = 0; i < entries.Length; i++)
        {
            Rank rank = Score(entries[i], text);
            if (rank != Rank.None)
            {
                found.Add((rank, entries[i].Origin == ServiceOrigin.Iana, i));
            }
        }

        // Tuples compare field by field: rank, then known uses (false) before IANA (true), then registry order.
        found.Sort();
        var result = new ServiceEntry[found.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = entries[found[i].Index];
        }

        return new ReadOnlyCollection<ServiceEntry>(result);
    }

    internal static Rank Score(ServiceEntry entry, ReadOnlySpan<char> text)
    {
        const StringComparison Ignore = StringComparison.OrdinalIgnoreCase;
        if (entry.Name.AsSpan().Equals(text, Ignore))
        {
            return Rank.ExactName;
        }

        Rank best = Rank.None;
        foreach (string alias in entry.Aliases)
        {
            if (alias.AsSpan().Equals(text, Ignore))
            {
                return Rank.ExactAlias;
            }

            if (alias.AsSpan().StartsWith(text, Ignore))
            {
                best = Rank.AliasPrefix;
            }
        }

        if (entry.Name.AsSpan().StartsWith(text, Ignore))
        {
            return Rank.NamePrefix;
        }

        if (best != Rank.None)
        {
            return best;
        }

        if (entry.Name.AsSpan().Contains(text, Ignore))
        {
            return Rank.NameContains;
        }

        ReadOnlySpan<char> description = entry.Description;
        int at = description.IndexOf(text, Ignore);
        if (at < 0)
        {
            return Rank.None;
        }

        // A word: not glued to a letter or digit on either side ("kafka" in "Apache Kafka broker").
        for (; at >= 0; at = NextIndex(description, text, at))
        {
            int end = at + text.Length;
            if ((at == 0 || !char.IsLetterOrDigit(description[at - 1])) &&
                (end == description.Length || !char.IsLetterOrDigit(description[end])))
            {
                return Rank.DescriptionWord;
            }
        }

        return Rank.DescriptionContains;
    }

    private static int NextIndex(ReadOnlySpan<char> description, ReadOnlySpan<char> text, int at)
    {
        int next = description[(at + 1)..].IndexOf(text, StringComparison.OrdinalIgnoreCase);
        return next < 0 ? -1 : at + 1 + next;
    }
}
