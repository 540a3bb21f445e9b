using System.Collections.Generic;
using System.Globalization;

namespace PortClassification;

/// <summary>
/// The nftables ruleset of one network namespace as the kernel dumps it over netlink: plain immutable records, built by
/// <see cref="NftMessageParser"/> and evaluated by <see cref="NftEvaluator"/>. Numbers are those of
/// <c>&lt;linux/netfilter/nf_tables.h&gt;</c> and <c>&lt;linux/netfilter.h&gt;</c>.
/// </summary>
internal sealed class NftRuleset
{
    public NftRuleset(IReadOnlyList<NftTable> tables, IReadOnlyList<NftChain> chains, IReadOnlyList<NftRule> rules, IReadOnlyList<NftSet> sets)
    {
        Tables = tables;
        Chains = chains;
        Rules = rules;
        Sets = sets;
    }

    public IReadOnlyList<NftTable> Tables { get; }

    public IReadOnlyList<NftChain> Chains { get; }

    /// <summary>Gets the rules of every chain, each chain's rules in evaluation order (the dump's order).</summary>
    public IReadOnlyList<NftRule> Rules { get; }

    public IReadOnlyList<NftSet> Sets { get; }
}

/// <summary>The <c>NFPROTO_*</c> families a table can have.</summary>
internal static class NftFamily
{
    public const byte Inet = 1;
    public const byte Ipv4 = 2;
    public const byte Arp = 3;
    public const byte Netdev = 5;
    public const byte Bridge = 7;
    public const byte Ipv6 = 10;

    /// <summary>Gets the family's name as <c>nft list ruleset</c> writes it.</summary>
    public static string Name(byte family) => family switch
    {
        Inet => "inet",
        Ipv4 => "ip",
        Arp => "arp",
        Netdev => "netdev",
        Bridge => "bridge",
        Ipv6 => "ip6",
        _ => family.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>A table (<c>NFTA_TABLE_*</c>); a dormant one (flag 0x1) registers no hooks.</summary>
internal sealed record NftTable(byte Family, string Name, uint Flags)
{
    public bool IsDormant => (Flags & 0x1) != 0;
}

/// <summary>The hook of a base chain (<c>NFTA_HOOK_*</c>): number, signed priority, device for netdev/ingress.</summary>
internal sealed record NftHook(uint Number, int Priority, string? Device);

/// <summary>A chain (<c>NFTA_CHAIN_*</c>); base chains have a <see cref="Hook"/> and a <see cref="Policy"/> (0 drop, 1 accept).</summary>
internal sealed record NftChain(byte Family, string Table, string Name, ulong Handle, NftHook? Hook, uint? Policy, string? Type)
{
    public string Describe() => $"{NftFamily.Name(Family)} {Table} {Name}";
}

/// <summary>A rule (<c>NFTA_RULE_*</c>) with its expressions in order and the comment nft stores in its user data.</summary>
internal sealed record NftRule(byte Family, string Table, string Chain, ulong Handle, string? Comment, IReadOnlyList<NftExpression> Expressions)
{
    /// <summary>Gets the rule as <c>nft -a list ruleset</c> locates it: family, table, chain and handle, plus the comment.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{NftFamily.Name(Family)} {Table} {Chain} handle {Handle}")
        + (Comment is null ? string.Empty : $" (\"{Comment}\")");
}

/// <summary>A verdict (<c>NFTA_VERDICT_*</c>): the code as a signed number and, for jump and goto, the chain.</summary>
internal readonly record struct NftVerdict(int Code, string? Chain)
{
    public const int Drop = 0;
    public const int Accept = 1;
    public const int Continue = -1;
    public const int Break = -2;
    public const int Jump = -3;
    public const int Goto = -4;
    public const int Return = -5;

    public override string ToString() => Code switch
    {
        Drop => "drop",
        Accept => "accept",
        Continue => "continue",
        Break => "break",
        Jump => $"jump {Chain}",
        Goto => $"goto {Chain}",
        Return => "return",
        _ => string.Create(CultureInfo.InvariantCulture, $"verdict {Code}"),
    };
}

/// <summary>A set or map (<c>NFTA_SET_*</c>) with its elements.</summary>
internal sealed record NftSet(byte Family, string Table, string Name, uint Flags, uint KeyLength, uint DataType, uint DataLength, IReadOnlyList<int> FieldLengths, IReadOnlyList<NftSetElement> Elements)
{
    public const uint FlagInterval = 0x4;
    public const uint FlagMap = 0x8;
    public const uint FlagTimeout = 0x10;
    public const uint FlagEval = 0x20;
    public const uint FlagObject = 0x40;
    public const uint FlagConcat = 0x80;
    public const uint VerdictDataType = 0xffffff00;

    public bool IsInterval => (Flags & FlagInterval) != 0;

    /// <summary>Gets a value indicating whether elements come and go at run time (timeouts, or rules that add to the set).</summary>
    public bool IsDynamic => (Flags & (FlagTimeout | FlagEval)) != 0;
}

/// <summary>
/// One element of a set. Interval sets without concatenation store each interval as a start element and an
/// <c>NFT_SET_ELEM_INTERVAL_END</c> element one past its end; concatenated interval sets carry <see cref="KeyEnd"/>.
/// </summary>
internal sealed record NftSetElement(byte[] Key, byte[]? KeyEnd, uint Flags, byte[]? Data, NftVerdict? Verdict)
{
    public const uint FlagIntervalEnd = 0x1;
    public const uint FlagCatchAll = 0x2;

    public bool IsIntervalEnd => (Flags & FlagIntervalEnd) != 0;

    public bool IsCatchAll => (Flags & FlagCatchAll) != 0;
}
