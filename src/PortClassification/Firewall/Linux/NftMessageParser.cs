using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;

namespace PortClassification;

/// <summary>
/// Parses the replies of nf_tables dumps (<c>NEWTABLE</c>, <c>NEWCHAIN</c>, <c>NEWRULE</c>, <c>NEWSET</c>,
/// <c>NEWSETELEM</c>, as netlink messages back to back) into an <see cref="NftRuleset"/>. Pure: the reader hands it
/// the bytes it received, tests hand it fixtures. Malformed input throws <see cref="FormatException"/>.
/// </summary>
internal static class NftMessageParser
{
    internal const int SubsystemShifted = 10 << 8; // NFNL_SUBSYS_NFTABLES << 8
    internal const int NewTable = 0, NewChain = 3, NewRule = 6, NewSet = 9, NewSetElem = 12;
    private const int NlmsgError = 2, NlmsgDone = 3, HeaderSize = 16, NfgenSize = 4;

    /// <summary>Parses back-to-back netlink messages.</summary>
    /// <exception cref="FormatException">A message or attribute is malformed, or the kernel reported an error.</exception>
    public static NftRuleset Parse(ReadOnlySpan<byte> messages)
    {
        var tables = new List<NftTable>();
        var chains = new List<NftChain>();
        var rules = new List<NftRule>();
        var sets = new List<(byte Family, string Table, string Name, uint Flags, uint KeyLen, uint DataType, uint DataLen, int[] Fields)>();
        var elements = new Dictionary<(byte, string, string), List<NftSetElement>>();

        while (messages.Length > 0)
        {
            if (messages.Length < HeaderSize)
            {
                throw new FormatException("A netlink message header is cut short.");
            }

            int length = checked((int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(messages), int.MaxValue));
            if (length < HeaderSize || length > messages.Length)
            {
                throw new FormatException($"A netlink message of length {length} does not fit the {messages.Length} bytes left.");
            }

            int type = BinaryPrimitives.ReadUInt16LittleEndian(messages[4..]);
            ReadOnlySpan<byte> body = messages[HeaderSize..length];
            int aligned = (length + 3) & ~3;
            messages = aligned >= messages.Length ? default : messages[aligned..];

            if (type == NlmsgDone)
            {
                continue;
            }

            if (type == NlmsgError)
            {
                int error = body.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(body) : 0;
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The kernel answered a dump with error {error}."));
            }

            if ((type & 0xFF00) != SubsystemShifted)
            {
                continue;
            }

            if (body.Length < NfgenSize)
            {
                throw new FormatException("An nf_tables message lacks its nfgenmsg header.");
            }

            byte family = body[0];
            ReadOnlySpan<byte> attributes = body[NfgenSize..];
            switch (type & 0xFF)
            {
                case NewTable: tables.Add(ParseTable(family, attributes)); break;
                case NewChain: chains.Add(ParseChain(family, attributes)); break;
                case NewRule: rules.Add(ParseRule(family, attributes)); break;
                case NewSet: sets.Add(ParseSet(family, attributes)); break;
                case NewSetElem: ParseElements(family, attributes, elements); break;
                default: break;
            }
        }

        var built = new List<NftSet>(sets.Count);
        foreach (var s in sets)
        {
            elements.TryGetValue((s.Family, s.Table, s.Name), out List<NftSetElement>? list);
            built.Add(new NftSet(s.Family, s.Table, s.Name, s.Flags, s.KeyLen, s.DataType, s.DataLen, s.Fields, list is null ? Array.Empty<NftSetElement>() : list.ToArray()));
        }

        return new NftRuleset(tables.ToArray(), chains.ToArray(), rules.ToArray(), built.ToArray());
    }

    private static NftTable ParseTable(byte family, ReadOnlySpan<byte> attributes)
    {
        string? name = null;
        uint flags = 0;
        for (var a = new NlAttributes(attributes); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: name = NlAttributes.String(a.Payload); break;
                case 2: flags = NlAttributes.U32(a.Payload); break;
                default: break;
            }
        }

        return new NftTable(family, name ?? throw new FormatException("A table has no name."), flags);
    }

    private static NftChain ParseChain(byte family, ReadOnlySpan<byte> attributes)
    {
        string? table = null, name = null, type = null;
        ulong handle = 0;
        uint? policy = null;
        NftHook? hook = null;
        for (var a = new NlAttributes(attributes); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: table = NlAttributes.String(a.Payload); break;
                case 2: handle = NlAttributes.U64(a.Payload); break;
                case 3: name = NlAttributes.String(a.Payload); break;
                case 4: hook = ParseHook(a.Payload); break;
                case 5: policy = NlAttributes.U32(a.Payload); break;
                case 7: type = NlAttributes.String(a.Payload); break;
                default: break;
            }
        }

        return new NftChain(family, table ?? throw new FormatException("A chain has no table."), name ?? throw new FormatException("A chain has no name."), handle, hook, policy, type);
    }

    private static NftHook ParseHook(ReadOnlySpan<byte> nest)
    {
        uint? number = null;
        int priority = 0;
        string? device = null;
        for (var a = new NlAttributes(nest); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: number = NlAttributes.U32(a.Payload); break;
                case 2: priority = unchecked((int)NlAttributes.U32(a.Payload)); break;
                case 3: device = NlAttributes.String(a.Payload); break;
                case 4:
                    // NFTA_HOOK_DEVS: a list of device names; several devices are described together.
                    var names = new List<string>();
                    for (var d = new NlAttributes(a.Payload); d.MoveNext();)
                    {
                        names.Add(NlAttributes.String(d.Payload));
                    }

                    device = string.Join(", ", names);
                    break;
                default: break;
            }
        }

        return new NftHook(number ?? throw new FormatException("A chain hook has no hook number."), priority, device);
    }

    private static NftRule ParseRule(byte family, ReadOnlySpan<byte> attributes)
    {
        string? table = null, chain = null, comment = null;
        ulong handle = 0;
        var expressions = new List<NftExpression>();
        for (var a = new NlAttributes(attributes); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: table = NlAttributes.String(a.Payload); break;
                case 2: chain = NlAttributes.String(a.Payload); break;
                case 3: handle = NlAttributes.U64(a.Payload); break;
                case 4:
                    for (var e = new NlAttributes(a.Payload); e.MoveNext();)
                    {
                        expressions.Add(ParseExpression(e.Payload));
                    }

                    break;
                case 7: comment = ParseComment(a.Payload); break;
                default: break;
            }
        }

        return new NftRule(family, table ?? throw new FormatException("A rule has no table."), chain ?? throw new FormatException("A rule has no chain."), handle, comment, expressions.ToArray());
    }

    /// <summary>Reads the comment from nft's user data: type-length-value records of one-byte type and length (type 0).</summary>
    private static string? ParseComment(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            int type = userData[0], length = userData[1];
            if (2 + length > userData.Length)
            {
                return null; // not nft's format; the comment is optional
            }

            if (type == 0)
            {
                return NlAttributes.String(userData.Slice(2, length));
            }

            userData = userData[(2 + length)..];
        }

        return null;
    }

    private static NftExpression ParseExpression(ReadOnlySpan<byte> element)
    {
        string? name = null;
        ReadOnlySpan<byte> data = default;
        for (var a = new NlAttributes(element); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: name = NlAttributes.String(a.Payload); break;
                case 2: data = a.Payload; break;
                default: break;
            }
        }

        return NftExpressionDecoder.Decode(name ?? throw new FormatException("An expression has no name."), data);
    }

    private static (byte, string, string, uint, uint, uint, uint, int[]) ParseSet(byte family, ReadOnlySpan<byte> attributes)
    {
        string? table = null, name = null;
        uint flags = 0, keyLength = 0, dataType = 0, dataLength = 0;
        var fields = new List<int>();
        for (var a = new NlAttributes(attributes); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: table = NlAttributes.String(a.Payload); break;
                case 2: name = NlAttributes.String(a.Payload); break;
                case 3: flags = NlAttributes.U32(a.Payload); break;
                case 5: keyLength = NlAttributes.U32(a.Payload); break;
                case 6: dataType = NlAttributes.U32(a.Payload); break;
                case 7: dataLength = NlAttributes.U32(a.Payload); break;
                case 9:
                    for (var d = new NlAttributes(a.Payload); d.MoveNext();)
                    {
                        if (d.Type != 2)
                        {
                            continue;
                        }

                        for (var f = new NlAttributes(d.Payload); f.MoveNext();)
                        {
                            for (var l = new NlAttributes(f.Payload); l.MoveNext();)
                            {
                                if (l.Type == 1)
                                {
                                    fields.Add((int)Math.Min(NlAttributes.U32(l.Payload), 64));
                                }
                            }
                        }
                    }

                    break;
                default: break;
            }
        }

        if (keyLength > 64)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A set key of {keyLength} bytes is longer than the 64-byte register area."));
        }

        return (family, table ?? throw new FormatException("A set has no table."), name ?? throw new FormatException("A set has no name."), flags, keyLength, dataType, dataLength, fields.ToArray());
    }

    private static void ParseElements(byte family, ReadOnlySpan<byte> attributes, Dictionary<(byte, string, string), List<NftSetElement>> elements)
    {
        string? table = null, set = null;
        ReadOnlySpan<byte> list = default;
        for (var a = new NlAttributes(attributes); a.MoveNext();)
        {
            switch (a.Type)
            {
                case 1: table = NlAttributes.String(a.Payload); break;
                case 2: set = NlAttributes.String(a.Payload); break;
                case 3: list = a.Payload; break;
                default: break;
            }
        }

        if (table is null || set is null)
        {
            throw new FormatException("A set element message does not name its table and set.");
        }

        if (!elements.TryGetValue((family, table, set), out List<NftSetElement>? target))
        {
            elements[(family, table, set)] = target = [];
        }

        for (var e = new NlAttributes(list); e.MoveNext();)
        {
            byte[]? key = null, keyEnd = null, data = null;
            NftVerdict? verdict = null;
            uint flags = 0;
            for (var a = new NlAttributes(e.Payload); a.MoveNext();)
            {
                switch (a.Type)
                {
                    case 1: (key, _) = ParseData(a.Payload); break;
                    case 2: (data, verdict) = ParseData(a.Payload); break;
                    case 3: flags = NlAttributes.U32(a.Payload); break;
                    case 10: (keyEnd, _) = ParseData(a.Payload); break;
                    default: break;
                }
            }

            target.Add(new NftSetElement(key ?? [], keyEnd, flags, data, verdict));
        }
    }

    /// <summary>Reads an <c>nft_data</c> nest: a value (<c>NFTA_DATA_VALUE</c>) or a verdict (<c>NFTA_DATA_VERDICT</c>).</summary>
    internal static (byte[]? Value, NftVerdict? Verdict) ParseData(ReadOnlySpan<byte> nest)
    {
        byte[]? value = null;
        NftVerdict? verdict = null;
        for (var a = new NlAttributes(nest); a.MoveNext();)
        {
            if (a.Type == 1)
            {
                value = a.Payload.ToArray();
            }
            else if (a.Type == 2)
            {
                int? code = null;
                string? chain = null;
                for (var v = new NlAttributes(a.Payload); v.MoveNext();)
                {
                    if (v.Type == 1)
                    {
                        code = unchecked((int)NlAttributes.U32(v.Payload));
                    }
                    else if (v.Type == 2)
                    {
                        chain = NlAttributes.String(v.Payload);
                    }
                }

                verdict = new NftVerdict(code ?? throw new FormatException("A verdict has no code."), chain);
            }
        }

        return (value, verdict);
    }
}
