using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// Decodes the <c>NFTA_EXPR_DATA</c> nest of one expression by name, with the attribute numbers of
/// <c>&lt;linux/netfilter/nf_tables.h&gt;</c> (<c>enum nft_&lt;name&gt;_attributes</c>) and
/// <c>&lt;linux/netfilter/nf_tables_compat.h&gt;</c> for <c>match</c>/<c>target</c>.
/// </summary>
internal static class NftExpressionDecoder
{
    /// <summary>Decodes one expression.</summary>
    /// <exception cref="FormatException">An attribute has the wrong size or a required one is missing.</exception>
    public static NftExpression Decode(string name, ReadOnlySpan<byte> data)
    {
        // Attribute type → payload, for the numbers the expression uses (all of them are small).
        var attributes = new Dictionary<int, byte[]>();
        for (var a = new NlAttributes(data); a.MoveNext();)
        {
            attributes[a.Type] = a.Payload.ToArray();
        }

        uint U32(int type) => attributes.TryGetValue(type, out byte[]? v) ? NlAttributes.U32(v) : throw new FormatException($"Expression '{name}' lacks attribute {type}.");
        uint? Opt(int type) => attributes.TryGetValue(type, out byte[]? v) ? NlAttributes.U32(v) : null;
        byte[] Value(int type) => attributes.TryGetValue(type, out byte[]? v) && NftMessageParser.ParseData(v).Value is { } value
            ? value
            : throw new FormatException($"Expression '{name}' lacks the data of attribute {type}.");
        byte[]? Raw(int type) => attributes.TryGetValue(type, out byte[]? v) ? v : null;
        bool Has(int type) => attributes.ContainsKey(type);

        switch (name)
        {
            case "meta":
                return Has(3) ? new NftOtherExpression("meta set", null, Stores: true) : new NftMeta(U32(2), U32(1));
            case "payload":
                return Has(5) ? new NftOtherExpression("payload set", null, Stores: true) : new NftPayload(U32(2), U32(3), U32(4), U32(1));
            case "cmp":
                return new NftCmp(U32(1), U32(2), Value(3));
            case "range":
                return new NftRange(U32(1), U32(2), Value(3), Value(4));
            case "bitwise":
                return new NftBitwise(U32(1), U32(2), U32(3), Opt(6) ?? 0,
                    attributes.ContainsKey(4) ? Value(4) : null, attributes.ContainsKey(5) ? Value(5) : null);
            case "byteorder":
                return new NftByteorder(U32(1), U32(2), U32(3), U32(4), U32(5));
            case "lookup":
                return new NftLookup(attributes.TryGetValue(1, out byte[]? set) ? NlAttributes.String(set) : throw new FormatException("A lookup names no set."),
                    U32(2), Opt(3), ((Opt(5) ?? 0) & 0x1) != 0);
            case "immediate":
                (byte[]? value, NftVerdict? verdict) = attributes.TryGetValue(2, out byte[]? d) ? NftMessageParser.ParseData(d) : (null, null);
                return new NftImmediate(U32(1), verdict, value);
            case "ct":
                return Has(4) ? new NftOtherExpression("ct set", null, Stores: true)
                    : new NftCt(U32(2), U32(1), Raw(3) is [byte direction, ..] ? direction : null);
            case "reject":
                return new NftReject(Opt(1) ?? 0);
            case "fib":
                return new NftFib(U32(2), U32(3), U32(1));
            case "match":
            case "target":
                return new NftCompat(name,
                    attributes.TryGetValue(1, out byte[]? ext) ? NlAttributes.String(ext) : throw new FormatException($"A {name} has no name."),
                    Opt(2) ?? 0, Raw(3) ?? []);
            case "counter":
            case "log":
            case "last":
            case "notrack":
                return new NftPassive(name);
            case "limit":
                return new NftCondition(name, "a rate limit (limit)");
            case "quota":
                return new NftCondition(name, "a byte quota (quota)");
            case "connlimit":
                return new NftCondition(name, "a connection count limit (ct count)");
            // Loads whose value the evaluator does not know: the destination register (numbers from nf_tables.h).
            case "exthdr":
                return Has(5) ? new NftOtherExpression("exthdr set", null, Stores: true) : new NftOtherExpression(name, Opt(1), Stores: false);
            case "rt":
            case "osf":
            case "numgen":
                return new NftOtherExpression(name, Opt(1), Stores: false);
            case "socket":
            case "hash":
                return new NftOtherExpression(name, Opt(2), Stores: false);
            default:
                return new NftOtherExpression(name, null, Stores: false);
        }
    }
}
