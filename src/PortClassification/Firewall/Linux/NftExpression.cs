using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// One expression of an nftables rule, decoded from its <c>NFTA_EXPR_NAME</c> and <c>NFTA_EXPR_DATA</c>. Registers are
/// the kernel's numbers (<c>enum nft_registers</c>): 0 is the verdict, 1–4 the 16-byte registers, 8–23 the 4-byte ones.
/// </summary>
internal abstract record NftExpression(string Name);

/// <summary><c>meta</c> load (<c>NFTA_META_DREG</c>, <c>KEY</c>); the store form (<c>SREG</c>) is <see cref="NftOtherExpression"/>.</summary>
internal sealed record NftMeta(uint Key, uint DestinationRegister) : NftExpression("meta")
{
    public const uint Protocol = 1;
    public const uint Mark = 3;
    public const uint Iif = 4;
    public const uint IifName = 6;
    public const uint IifType = 8;
    public const uint NfProto = 15;
    public const uint L4Proto = 16;
    public const uint PktType = 19;
    public const uint IifGroup = 21;
    public const uint IifKind = 26;
}

/// <summary><c>payload</c> load: <c>LEN</c> bytes at <c>OFFSET</c> from header <c>BASE</c> (0 link, 1 network, 2 transport).</summary>
internal sealed record NftPayload(uint Base, uint Offset, uint Length, uint DestinationRegister) : NftExpression("payload");

/// <summary><c>cmp</c>: compares the register's first <c>Data.Length</c> bytes with <c>memcmp</c>; op 0 eq, 1 neq, 2 lt, 3 lte, 4 gt, 5 gte.</summary>
internal sealed record NftCmp(uint SourceRegister, uint Op, byte[] Data) : NftExpression("cmp");

/// <summary><c>range</c>: inclusive <c>memcmp</c> range; op 0 eq (inside), 1 neq (outside).</summary>
internal sealed record NftRange(uint SourceRegister, uint Op, byte[] From, byte[] To) : NftExpression("range");

/// <summary><c>bitwise</c>: op 0 (mask and xor, the default) is modelled; shifts and the other ops are not.</summary>
internal sealed record NftBitwise(uint SourceRegister, uint DestinationRegister, uint Length, uint Op, byte[]? Mask, byte[]? Xor) : NftExpression("bitwise");

/// <summary><c>byteorder</c>: swaps <c>SIZE</c>-byte units over <c>LEN</c> bytes (op 0 ntoh, 1 hton).</summary>
internal sealed record NftByteorder(uint SourceRegister, uint DestinationRegister, uint Op, uint Length, uint Size) : NftExpression("byteorder");

/// <summary><c>lookup</c> in a set; without a destination it is a membership test, destination 0 is a verdict map.</summary>
internal sealed record NftLookup(string Set, uint SourceRegister, uint? DestinationRegister, bool Inverted) : NftExpression("lookup");

/// <summary><c>immediate</c>: a verdict (destination 0) or a constant loaded into a register.</summary>
internal sealed record NftImmediate(uint DestinationRegister, NftVerdict? Verdict, byte[]? Data) : NftExpression("immediate");

/// <summary><c>ct</c> load (<c>NFTA_CT_DREG</c>, <c>KEY</c>, optional <c>DIRECTION</c>); the store form is <see cref="NftOtherExpression"/>.</summary>
internal sealed record NftCt(uint Key, uint DestinationRegister, byte? Direction) : NftExpression("ct")
{
    public const uint State = 0;
    public const uint Direction_ = 1;
    public const uint Status = 2;
    public const uint Mark = 3;
    public const uint L3Protocol = 7;
    public const uint Protocol = 10;
    public const uint ProtoDst = 12;
}

/// <summary><c>reject</c>: type 0 ICMP unreachable, 1 TCP reset, 2 ICMPX unreachable.</summary>
internal sealed record NftReject(uint Type) : NftExpression("reject");

/// <summary><c>fib</c>: <c>RESULT</c> 1 oif, 2 oifname, 3 address type; <c>FLAGS</c> 1 saddr, 2 daddr, 8 iif, 16 oif, 32 present.</summary>
internal sealed record NftFib(uint Result, uint Flags, uint DestinationRegister) : NftExpression("fib");

/// <summary>An x_tables match (<c>match</c>) or target (<c>target</c>) as iptables-nft writes it: name, revision and the raw struct.</summary>
internal sealed record NftCompat(string Kind, string ExtensionName, uint Revision, byte[] Info) : NftExpression(Kind)
{
    public bool IsMatch => Kind == "match";
}

/// <summary>
/// An expression the evaluator does not model in detail, with what is known about it: whether it loads a register
/// (a value the evaluator treats as unknown) or stores one (a side effect the evaluator cannot follow).
/// </summary>
internal sealed record NftOtherExpression(string ExpressionName, uint? DestinationRegister, bool Stores) : NftExpression(ExpressionName);

/// <summary>Expressions with no effect on whether a rule matches: <c>counter</c>, <c>log</c>, <c>last</c>, and <c>notrack</c> (which the evaluator notes).</summary>
internal sealed record NftPassive(string ExpressionName) : NftExpression(ExpressionName);

/// <summary>Predicates whose truth the evaluator cannot know for a hypothetical packet: <c>limit</c>, <c>quota</c>, <c>connlimit</c>.</summary>
internal sealed record NftCondition(string ExpressionName, string Description) : NftExpression(ExpressionName);

/// <summary>Helpers shared by the decoders.</summary>
internal static class NftExpressions
{
    /// <summary>Gets the byte offset of a register in the 64-byte data area, or -1 for the verdict register or a bad number.</summary>
    public static int RegisterOffset(uint register) => register switch
    {
        >= 1 and <= 4 => (int)((register - 1) * 16),
        >= 8 and <= 23 => (int)((register - 8) * 4),
        _ => -1,
    };

    public static IReadOnlyList<T> Empty<T>() => Array.Empty<T>();
}
