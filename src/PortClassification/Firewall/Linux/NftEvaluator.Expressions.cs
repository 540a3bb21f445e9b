using System;
using System.Buffers.Binary;
using System.Globalization;

namespace PortClassification;

/// <summary>What each modelled expression does to the registers and the rule (<c>net/netfilter/nft_*.c</c>).</summary>
internal sealed partial class NftEvaluator
{
    private Step Execute(NftExpression expression, NftRule rule, NftChain baseChain, PathState state)
    {
        NftRegisters regs = state.Registers;
        switch (expression)
        {
            case NftPassive passive:
                if (passive.ExpressionName == "notrack")
                {
                    regs.Untracked = true;
                }

                return Step.Continue;
            case NftMeta meta:
                return Load(regs, meta.DestinationRegister, 4, expression, r => Meta(r, NftExpressions.RegisterOffset(meta.DestinationRegister), meta.Key));
            case NftPayload payload:
                return Load(regs, payload.DestinationRegister, payload.Length, expression, r => Payload(r, NftExpressions.RegisterOffset(payload.DestinationRegister), payload));
            case NftCt ct when ct.Key != NftCt.State && (regs.Untracked || BeforeConntrack(baseChain)):
                // Without a connection (untracked, or conntrack has not run yet) every key but the state ends the rule.
                return Step.Break;
            case NftCt ct:
                bool before = BeforeConntrack(baseChain);
                return Load(regs, ct.DestinationRegister, 4, expression, r => Conntrack(r, NftExpressions.RegisterOffset(ct.DestinationRegister), ct, before));
            case NftFib fib:
                return Load(regs, fib.DestinationRegister, 4, expression, r => Fib(r, NftExpressions.RegisterOffset(fib.DestinationRegister), fib));
            case NftImmediate immediate when immediate.DestinationRegister == 0:
                return immediate.Verdict is { } verdict ? new Step(StepKind.Verdict, verdict) : Step.Unknown($"an immediate without a verdict in {rule.Describe()}");
            case NftImmediate immediate:
                byte[] data = immediate.Data ?? [];
                return Load(regs, immediate.DestinationRegister, data.Length, expression, r => r.SetKnown(NftExpressions.RegisterOffset(immediate.DestinationRegister), data));
            case NftCmp cmp:
                return Cmp(regs, cmp, rule);
            case NftRange range:
                return Range(regs, range, rule);
            case NftBitwise bitwise:
                return Bitwise(regs, bitwise, rule);
            case NftByteorder byteorder:
                return Byteorder(regs, byteorder, rule);
            case NftLookup lookup:
                return Lookup(state, lookup, rule);
            case NftReject:
                return new Step(StepKind.Final, Final: NftFinal.Reject, Reason: rule.Describe());
            case NftCondition condition:
                return Step.Decide(Truth.Unknown, $"{condition.Description} lets the packet through", $"{condition.Description} stops the packet");
            case NftCompat compat when compat.IsMatch:
                Truth truth = XtMatches.Decide(compat, state.Packet with { Untracked = regs.Untracked, BeforeConntrack = BeforeConntrack(baseChain) }, out string? depends);
                return Step.Decide(truth, $"{depends} matches", $"{depends} does not match");
            case NftCompat target:
                return target.ExtensionName switch
                {
                    "REJECT" => new Step(StepKind.Final, Final: NftFinal.Reject, Reason: rule.Describe()),
                    "LOG" or "NFLOG" => Step.Continue,
                    _ => Step.Unknown($"iptables target '{target.ExtensionName}' in {rule.Describe()} is not evaluated"),
                };
            case NftOtherExpression { DestinationRegister: { } register } other when !other.Stores:
                // A load the evaluator does not model: its value is unknown, and it may itself end the rule.
                int offset = NftExpressions.RegisterOffset(register);
                if (offset < 0)
                {
                    return Step.Unknown($"expression '{other.ExpressionName}' in {rule.Describe()} is not evaluated");
                }

                regs.SetUnknown(offset, 16, $"expression '{other.ExpressionName}'");
                return Step.Decide(Truth.Unknown, $"expression '{other.ExpressionName}' finds a value", $"expression '{other.ExpressionName}' finds no value");
            case NftOtherExpression other:
                return Step.Unknown($"expression '{other.ExpressionName}' in {rule.Describe()} is not evaluated");
            default:
                return Step.Unknown($"expression '{expression.Name}' in {rule.Describe()} is not evaluated");
        }
    }

    /// <summary>Checks a destination register and runs a load into it.</summary>
    private static Step Load(NftRegisters regs, uint register, long length, NftExpression expression, Action<NftRegisters> load)
    {
        int offset = NftExpressions.RegisterOffset(register);
        if (!NftRegisters.Fits(offset, length))
        {
            return Step.Unknown($"expression '{expression.Name}' writes outside the registers");
        }

        load(regs);
        return Step.Continue;
    }

    private void Meta(NftRegisters regs, int offset, uint key)
    {
        switch (key)
        {
            case NftMeta.L4Proto: regs.SetKnown(offset, [_packet.L4Protocol]); break;
            case NftMeta.NfProto: regs.SetKnown(offset, [_packet.Family]); break;
            case NftMeta.Protocol: regs.SetKnown(offset, _packet.IsIpv6 ? [0x86, 0xDD] : [0x08, 0x00]); break;
            case NftMeta.PktType: regs.SetKnown(offset, [0]); break; // PACKET_HOST: unicast to this host
            case NftMeta.IifName: regs.SetUnknown(offset, 16, NftRegisters.InterfaceName); break;
            case NftMeta.Iif: regs.SetUnknown(offset, 4, NftRegisters.InterfaceIndex); break;
            case NftMeta.IifType or NftMeta.IifGroup or NftMeta.IifKind: regs.SetUnknown(offset, 16, "the input interface type or group"); break;
            case NftMeta.Mark: regs.SetUnknown(offset, 4, "the packet mark"); break;
            default: regs.SetUnknown(offset, 16, string.Create(CultureInfo.InvariantCulture, $"meta key {key}")); break;
        }
    }

    private void Payload(NftRegisters regs, int offset, NftPayload payload)
    {
        int length = (int)Math.Min(payload.Length, NftRegisters.Size - offset);
        byte[]? source = _packet.SourceBytes;
        for (int i = 0; i < length; i++)
        {
            long at = payload.Offset + (long)i;
            (byte value, byte known, string? origin) = (payload.Base, _packet.IsIpv6, at) switch
            {
                (2, _, 0 or 1) => ((byte)0, (byte)0, "the source port"),
                (2, _, 2) => ((byte)(_packet.DestinationPort >> 8), (byte)0xFF, null),
                (2, _, 3) => ((byte)(_packet.DestinationPort & 0xFF), (byte)0xFF, null),
                // TCP flags of a connection's first segment: SYN set; FIN, RST and ACK clear; ECN and the rest unknown.
                (2, _, 13) when _packet.L4Protocol == 6 => ((byte)0x02, (byte)0x17, "the TCP flags"),
                (2, _, _) => ((byte)0, (byte)0, "the transport header"),
                (1, false, 9) => (_packet.L4Protocol, (byte)0xFF, null),
                (1, false, >= 12 and < 16) when source is not null => (source[at - 12], (byte)0xFF, null),
                (1, false, >= 12 and < 16) => ((byte)0, (byte)0, "the source address"),
                (1, false, >= 16 and < 20) => ((byte)0, (byte)0, "the destination address"),
                (1, true, 6) => (_packet.L4Protocol, (byte)0xFF, null), // next header, for a packet without extension headers
                (1, true, >= 8 and < 24) when source is not null => (source[at - 8], (byte)0xFF, null),
                (1, true, >= 8 and < 24) => ((byte)0, (byte)0, "the source address"),
                (1, true, >= 24 and < 40) => ((byte)0, (byte)0, "the destination address"),
                (1, _, _) => ((byte)0, (byte)0, "the IP header"),
                _ => ((byte)0, (byte)0, "the link-layer header"),
            };
            regs.Value[offset + i] = (byte)(value & known);
            regs.Known[offset + i] = known;
            regs.Origin[offset + i] = origin;
        }

        regs.PadToWord(offset, length);
    }

    /// <summary>
    /// Determines whether conntrack has not yet seen the packet in this base chain: it runs in prerouting at priority
    /// -200 (<c>NF_IP_PRI_CONNTRACK</c>), after ingress and after earlier prerouting chains such as raw (-300).
    /// </summary>
    private bool BeforeConntrack(NftChain baseChain) => Stage(baseChain) == 0 || (Stage(baseChain) == 1 && baseChain.Hook!.Priority < -200);

    private void Conntrack(NftRegisters regs, int offset, NftCt ct, bool beforeConntrack)
    {
        Span<byte> u32 = stackalloc byte[4];
        switch (ct.Key)
        {
            case NftCt.State when BitConverter.IsLittleEndian:
                // A host-order u32 of NF_CT_STATE_BIT values: NEW (0x8); INVALID (0x1) before conntrack; UNTRACKED (0x40) after notrack.
                BinaryPrimitives.WriteUInt32LittleEndian(u32, regs.Untracked ? 0x40u : beforeConntrack ? 0x1u : 0x8u);
                regs.SetKnown(offset, u32);
                break;
            case NftCt.Status when BitConverter.IsLittleEndian:
                // Of the IPS_* bits only these are certain for a new connection nobody translated: SEEN_REPLY (0x2),
                // ASSURED (0x4) and DST_NAT (0x20) are clear.
                regs.SetUnknown(offset, 4, "the connection status");
                regs.Known[offset] = 0x26;
                break;
            case NftCt.Direction_: regs.SetKnown(offset, [0]); break; // IP_CT_DIR_ORIGINAL
            case NftCt.L3Protocol: regs.SetKnown(offset, [_packet.Family]); break;
            case NftCt.Protocol: regs.SetKnown(offset, [_packet.L4Protocol]); break;
            case NftCt.ProtoDst when ct.Direction is null or 0: regs.SetKnown(offset, [(byte)(_packet.DestinationPort >> 8), (byte)(_packet.DestinationPort & 0xFF)]); break;
            default: regs.SetUnknown(offset, 16, string.Create(CultureInfo.InvariantCulture, $"conntrack key {ct.Key}")); break;
        }
    }

    private static void Fib(NftRegisters regs, int offset, NftFib fib)
    {
        // fib daddr type: the packet is addressed to this host, so the type is RTN_LOCAL (2), a host-order u32.
        if (fib.Result == 3 && fib.Flags == 2 && BitConverter.IsLittleEndian)
        {
            regs.SetKnown(offset, [2, 0, 0, 0]);
            return;
        }

        regs.SetUnknown(offset, 16, "a routing lookup (fib)");
    }
}
