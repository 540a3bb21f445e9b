using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace PortClassification;

/// <summary>Comparisons, bit operations and set lookups over partly known registers (<c>nft_cmp.c</c>, <c>nft_range.c</c>, <c>nft_bitwise.c</c>, <c>nft_byteorder.c</c>, <c>nft_lookup.c</c>).</summary>
internal sealed partial class NftEvaluator
{
    private static readonly byte[] LoopbackName = "lo\0"u8.ToArray();

    private Step Cmp(NftRegisters regs, NftCmp cmp, NftRule rule)
    {
        int offset = NftExpressions.RegisterOffset(cmp.SourceRegister);
        if (!NftRegisters.Fits(offset, cmp.Data.Length) || cmp.Data.Length == 0)
        {
            return Step.Unknown($"a comparison outside the registers in {rule.Describe()}");
        }

        if (cmp.Op > 5)
        {
            return Step.Unknown($"comparison operator {cmp.Op} in {rule.Describe()} is not evaluated");
        }

        string origin = regs.OriginOf(offset, cmp.Data.Length);
        Truth truth = cmp.Op switch
        {
            0 or 1 when IsLoopbackTest(regs, offset, cmp.Data) => Of(cmp.Op == 1),
            0 => regs.Equal(offset, cmp.Data),
            1 => Not(regs.Equal(offset, cmp.Data)),
            _ => regs.Compare(offset, cmp.Data) is not { } c ? Truth.Unknown : cmp.Op switch
            {
                2 => Of(c < 0),
                3 => Of(c <= 0),
                4 => Of(c > 0),
                _ => Of(c >= 0),
            },
        };
        return Step.Decide(truth, $"{origin} matches", $"{origin} does not match");
    }

    /// <summary>
    /// Determines whether a comparison asks "is the input interface lo": the name <c>lo</c> with its terminating NUL
    /// (<c>iifname "lo"</c>, iptables <c>-i lo</c>) or ifindex 1 (<c>iif lo</c>). A packet from another host never arrives
    /// on lo, so the answer is known; a shorter prefix could match other interfaces and stays unknown.
    /// </summary>
    private bool IsLoopbackTest(NftRegisters regs, int offset, byte[] data)
    {
        if (!_packet.NotLoopback)
        {
            return false;
        }

        string? origin = regs.Known[offset] == 0xFF ? null : regs.Origin[offset];
        if (origin == NftRegisters.InterfaceName)
        {
            return data.Length >= 3 && data.AsSpan(0, 3).SequenceEqual(LoopbackName) && !data.AsSpan(3).ContainsAnyExcept((byte)0);
        }

        return origin == NftRegisters.InterfaceIndex && data.Length == 4 && BitConverter.IsLittleEndian && BinaryPrimitives.ReadUInt32LittleEndian(data) == 1;
    }

    private static Truth Of(bool value) => value ? Truth.True : Truth.False;

    private static Truth Not(Truth truth) => truth switch { Truth.True => Truth.False, Truth.False => Truth.True, _ => Truth.Unknown };

    private static Truth AtLeast(int? comparison) => comparison is { } c ? Of(c >= 0) : Truth.Unknown;

    private static Truth AtMost(int? comparison) => comparison is { } c ? Of(c <= 0) : Truth.Unknown;

    private static Step Range(NftRegisters regs, NftRange range, NftRule rule)
    {
        int offset = NftExpressions.RegisterOffset(range.SourceRegister);
        if (range.From.Length != range.To.Length || !NftRegisters.Fits(offset, range.From.Length) || range.Op > 1)
        {
            return Step.Unknown($"a range the evaluator does not understand in {rule.Describe()}");
        }

        Truth inside = XtMatches.And(AtLeast(regs.Compare(offset, range.From)), AtMost(regs.Compare(offset, range.To)));
        string origin = regs.OriginOf(offset, range.From.Length);
        return Step.Decide(range.Op == 0 ? inside : Not(inside), $"{origin} matches", $"{origin} does not match");
    }

    private static Step Bitwise(NftRegisters regs, NftBitwise bitwise, NftRule rule)
    {
        int source = NftExpressions.RegisterOffset(bitwise.SourceRegister), destination = NftExpressions.RegisterOffset(bitwise.DestinationRegister);
        int length = (int)Math.Min(bitwise.Length, NftRegisters.Size);
        if (!NftRegisters.Fits(source, bitwise.Length) || !NftRegisters.Fits(destination, bitwise.Length))
        {
            return Step.Unknown($"a bit operation outside the registers in {rule.Describe()}");
        }

        if (bitwise.Op != 0 || bitwise.Mask is not { } mask || bitwise.Xor is not { } xor || mask.Length < length || xor.Length < length)
        {
            string origin = regs.OriginOf(source, length);
            regs.SetUnknown(destination, length, origin == "a known value" ? "a shifted value" : origin);
            return Step.Continue;
        }

        var value = new byte[length];
        var known = new byte[length];
        var origins = new string?[length];
        for (int i = 0; i < length; i++)
        {
            // (x & mask) ^ xor: bits the mask clears are known zeros; xor flips values, not knowledge.
            value[i] = (byte)((regs.Value[source + i] & mask[i]) ^ xor[i]);
            known[i] = unchecked((byte)((regs.Known[source + i] & mask[i]) | ~mask[i]));
            origins[i] = regs.Origin[source + i];
        }

        value.CopyTo(regs.Value, destination);
        known.CopyTo(regs.Known, destination);
        origins.CopyTo(regs.Origin, destination);
        regs.PadToWord(destination, length);
        return Step.Continue;
    }

    private static Step Byteorder(NftRegisters regs, NftByteorder byteorder, NftRule rule)
    {
        int source = NftExpressions.RegisterOffset(byteorder.SourceRegister), destination = NftExpressions.RegisterOffset(byteorder.DestinationRegister);
        if (!NftRegisters.Fits(source, byteorder.Length) || !NftRegisters.Fits(destination, byteorder.Length)
            || byteorder.Size is not (2 or 4 or 8) || byteorder.Length % byteorder.Size != 0 || byteorder.Op > 1)
        {
            return Step.Unknown($"a byte-order conversion the evaluator does not understand in {rule.Describe()}");
        }

        int length = (int)byteorder.Length, size = (int)byteorder.Size;
        byte[] value = regs.Value.AsSpan(source, length).ToArray(), known = regs.Known.AsSpan(source, length).ToArray();
        string?[] origins = regs.Origin.AsSpan(source, length).ToArray();
        if (BitConverter.IsLittleEndian)
        {
            for (int unit = 0; unit < length; unit += size)
            {
                value.AsSpan(unit, size).Reverse();
                known.AsSpan(unit, size).Reverse();
                origins.AsSpan(unit, size).Reverse();
            }
        }

        value.CopyTo(regs.Value, destination);
        known.CopyTo(regs.Known, destination);
        origins.CopyTo(regs.Origin, destination);
        return Step.Continue;
    }

    private Step Lookup(PathState state, NftLookup lookup, NftRule rule)
    {
        NftRegisters regs = state.Registers;
        if (!_sets.TryGetValue((rule.Family, rule.Table, lookup.Set), out NftSet? set))
        {
            return Step.Unknown($"set '{lookup.Set}' used by {rule.Describe()} is not in the dump");
        }

        int offset = NftExpressions.RegisterOffset(lookup.SourceRegister);
        int keyLength = (int)set.KeyLength;
        if (!NftRegisters.Fits(offset, keyLength) || keyLength == 0)
        {
            return Step.Unknown($"a lookup in set '{set.Name}' outside the registers in {rule.Describe()}");
        }

        if (set.IsDynamic)
        {
            _warnings.Add($"Set '{set.Name}' of {NftFamily.Name(set.Family)} {set.Table} changes at run time; its elements were read once.");
        }

        if (!TryMatchElements(regs, offset, set, out List<(NftSetElement Element, Truth Truth)> candidates))
        {
            return Step.Unknown($"set '{set.Name}' has elements the evaluator does not understand ({rule.Describe()})");
        }

        NftSetElement? catchAll = set.Elements.FirstOrDefault(e => e.IsCatchAll);
        NftSetElement? hit = candidates.FirstOrDefault(c => c.Truth == Truth.True).Element;
        bool uncertain = hit is null && candidates.Count > 0;
        hit ??= uncertain ? null : catchAll;
        string what = $"{regs.OriginOf(offset, keyLength)} is{{0}} in set '{set.Name}'";

        if (lookup.DestinationRegister is null)
        {
            Truth member = uncertain ? Truth.Unknown : Of(hit is not null);
            member = lookup.Inverted ? Not(member) : member;
            return Step.Decide(member, string.Format(null, what, lookup.Inverted ? " not" : string.Empty), string.Format(null, what, lookup.Inverted ? string.Empty : " not"));
        }

        uint register = lookup.DestinationRegister.Value;
        if (register == 0)
        {
            if (!uncertain)
            {
                return hit?.Verdict is { } v ? new Step(StepKind.Verdict, v) : hit is null ? Step.Break : Step.Unknown($"map '{set.Name}' holds no verdict ({rule.Describe()})");
            }

            var branches = new List<Branch>();
            foreach (NftVerdict verdict in candidates.Select(c => c.Element.Verdict).OfType<NftVerdict>().Distinct())
            {
                branches.Add(new Branch($"{string.Format(null, what, string.Empty)} with verdict {verdict}", new Step(StepKind.Verdict, verdict), null));
            }

            branches.Add(catchAll?.Verdict is { } fallback
                ? new Branch($"{string.Format(null, what, " not")} (default {fallback})", new Step(StepKind.Verdict, fallback), null)
                : new Branch(string.Format(null, what, " not"), Step.Break, null));
            return new Step(StepKind.Fork, Branches: branches);
        }

        int destination = NftExpressions.RegisterOffset(register);
        if (!NftRegisters.Fits(destination, set.DataLength))
        {
            return Step.Unknown($"a map lookup outside the registers in {rule.Describe()}");
        }

        if (!uncertain)
        {
            if (hit?.Data is not { } data)
            {
                return hit is null ? Step.Break : Step.Unknown($"map '{set.Name}' holds no value ({rule.Describe()})");
            }

            regs.SetKnown(destination, data.AsSpan(0, Math.Min(data.Length, NftRegisters.Size - destination)));
            return Step.Continue;
        }

        return new Step(StepKind.Fork, Branches:
        [
            new Branch(string.Format(null, what, string.Empty), Step.Continue, s => s.Registers.SetUnknown(destination, (int)set.DataLength, $"a value from map '{set.Name}'")),
            new Branch(string.Format(null, what, " not"), Step.Break, null),
        ]);
    }

    /// <summary>Decides, for each element, whether the key in the registers falls on it; elements that certainly do not are left out.</summary>
    private static bool TryMatchElements(NftRegisters regs, int offset, NftSet set, out List<(NftSetElement, Truth)> candidates)
    {
        candidates = [];
        int keyLength = (int)set.KeyLength;
        NftSetElement[] elements = [.. set.Elements.Where(e => !e.IsCatchAll)];
        if (elements.Any(e => e.Key.Length != keyLength || (e.KeyEnd is { } end && end.Length != keyLength)))
        {
            return false;
        }

        if (set.IsInterval && elements.All(e => e.KeyEnd is null))
        {
            // Start elements and one-past-the-end elements: [start, next key) in ascending order (see research 1.4).
            NftSetElement[] sorted = [.. elements.OrderBy(e => e.Key, ByteOrder.Instance)];
            for (int i = 0; i < sorted.Length; i++)
            {
                if (sorted[i].IsIntervalEnd)
                {
                    continue;
                }

                Truth inside = AtLeast(regs.Compare(offset, sorted[i].Key));
                if (i + 1 < sorted.Length)
                {
                    inside = XtMatches.And(inside, regs.Compare(offset, sorted[i + 1].Key) is { } c ? Of(c < 0) : Truth.Unknown);
                }

                if (inside != Truth.False)
                {
                    candidates.Add((sorted[i], inside));
                }
            }

            return true;
        }

        int[] fields = set.FieldLengths.Count > 0 ? [.. set.FieldLengths.Select(f => (f + 3) & ~3)] : [keyLength];
        if (fields.Sum() != keyLength)
        {
            fields = [keyLength];
        }

        foreach (NftSetElement element in elements)
        {
            Truth truth = Truth.True;
            if (element.KeyEnd is not { } keyEnd)
            {
                truth = regs.Equal(offset, element.Key);
            }
            else
            {
                int at = 0;
                foreach (int field in fields)
                {
                    truth = XtMatches.And(truth, XtMatches.And(
                        AtLeast(regs.Compare(offset + at, element.Key.AsSpan(at, field))),
                        AtMost(regs.Compare(offset + at, keyEnd.AsSpan(at, field)))));
                    at += field;
                }
            }

            if (truth != Truth.False)
            {
                candidates.Add((element, truth));
            }
        }

        return true;
    }

    /// <summary>Orders keys as <c>memcmp</c> does.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
