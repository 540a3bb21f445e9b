using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PortClassification;

/// <summary>
/// Runs a hypothetical packet (<see cref="NftPacket"/>) through every base chain of the ingress, prerouting and input
/// hooks, as the kernel would (<c>nft_do_chain</c>): chains in priority order, a drop or reject anywhere is final, an
/// accept ends only its base chain. Fields the packet does not fix make a predicate uncertain; the evaluation then
/// follows both outcomes and records the condition, so the result is a set of paths (<see cref="NftOutcome"/>). Anything
/// it does not model ends its path as <see cref="NftFinal.Unknown"/> naming the expression. Pure; thread-safe per call.
/// </summary>
internal sealed partial class NftEvaluator
{
    private const int MaxPaths = 4096;
    private const int MaxJumpDepth = 16; // NFT_JUMP_STACK_SIZE

    // The kernel refuses chain loops when a ruleset is loaded, but a damaged dump could hold one (goto A from A).
    private const long MaxRuleSteps = 2_000_000;

    private readonly NftPacket _packet;
    private readonly Dictionary<(byte, string, string), NftChain> _chains = [];
    private readonly Dictionary<(byte, string, string), NftRule[]> _rules = [];
    private readonly Dictionary<(byte, string, string), NftSet> _sets = [];
    private readonly List<NftChain> _bases = [];
    private readonly List<NftOutcome> _outcomes = [];
    private readonly SortedSet<string> _warnings = new(StringComparer.Ordinal);
    private int _forks;
    private long _steps;

    private NftEvaluator(NftRuleset ruleset, NftPacket packet)
    {
        _packet = packet;
        var dormant = new HashSet<(byte, string)>(ruleset.Tables.Where(t => t.IsDormant).Select(t => (t.Family, t.Name)));
        foreach (NftChain chain in ruleset.Chains)
        {
            _chains[(chain.Family, chain.Table, chain.Name)] = chain;
        }

        foreach (IGrouping<(byte Family, string Table, string Chain), NftRule> group in ruleset.Rules.GroupBy(r => (r.Family, r.Table, r.Chain)))
        {
            _rules[group.Key] = [.. group];
        }

        foreach (NftSet set in ruleset.Sets)
        {
            _sets[(set.Family, set.Table, set.Name)] = set;
        }

        // Hooks on the way of a packet to a local socket: ingress (netdev, and inet's ingress hook 5), prerouting, input.
        _bases.AddRange(ruleset.Chains
            .Where(c => c.Hook is not null && !dormant.Contains((c.Family, c.Table)))
            .Select(c => (Chain: c, Stage: Stage(c)))
            .Where(x => x.Stage >= 0)
            .OrderBy(x => x.Stage).ThenBy(x => x.Chain.Hook!.Priority)
            .Select(x => x.Chain));
    }

    /// <summary>Evaluates a ruleset for a packet.</summary>
    /// <returns>Every path's outcome (at least one) and warnings about what the evaluation could not take into account.</returns>
    public static NftEvaluation Evaluate(NftRuleset ruleset, NftPacket packet)
    {
        var evaluator = new NftEvaluator(ruleset, packet);
        evaluator.Walk(0, new PathState(new NftRegisters(), null, null, packet));
        return new NftEvaluation(evaluator._outcomes, [.. evaluator._warnings]);
    }

    /// <summary>Gets the order of a base chain's hook on the packet's way (0 ingress, 1 prerouting, 2 input), or -1 when the packet does not meet it.</summary>
    private int Stage(NftChain chain)
    {
        bool familyApplies = chain.Family == NftFamily.Inet || chain.Family == _packet.Family;
        return (chain.Family, chain.Hook!.Number) switch
        {
            (NftFamily.Netdev, 0) => 0,
            (NftFamily.Inet, 5) => 0,
            (_, 0) when familyApplies => 1,
            (_, 1) when familyApplies => 2,
            _ => -1,
        };
    }

    /// <summary>Runs base chain <paramref name="index"/> and everything after it.</summary>
    private void Walk(int index, PathState state)
    {
        if (index == _bases.Count)
        {
            AddOutcome(NftFinal.Accept, state.Accepts?.Head ?? "no base chain on the input path", state);
            return;
        }

        NftChain chain = _bases[index];
        if (chain.Hook!.Device is { } device)
        {
            // A device-bound chain (netdev ingress) sees only packets that arrive on its device.
            if (device == "lo" && _packet.NotLoopback)
            {
                Walk(index + 1, state);
                return;
            }

            if (!Fork())
            {
                return;
            }

            Walk(index + 1, state.With($"the packet does not arrive on {device} ({chain.Describe()})"));
            state = state.With($"the packet arrives on {device} ({chain.Describe()})");
        }

        Run(chain, chain, 0, 0, null, state.WithFreshRegisters(), (final, decider, after) =>
        {
            if (final == NftFinal.Accept)
            {
                Walk(index + 1, after with { Accepts = new Chain<string>(decider, after.Accepts) });
            }
            else
            {
                AddOutcome(final, decider, after);
            }
        });
    }

    private void AddOutcome(NftFinal final, string decider, PathState state) =>
        _outcomes.Add(new NftOutcome(final, decider, Chain<string>.ToList(state.Conditions), Chain<string>.ToList(state.Accepts)));

    /// <summary>Counts one more path; past the bound the evaluation ends with an unknown outcome.</summary>
    private bool Fork()
    {
        if (++_forks == MaxPaths)
        {
            _outcomes.Add(new NftOutcome(NftFinal.Unknown, string.Create(CultureInfo.InvariantCulture, $"more than {MaxPaths} combinations of conditions"), [], []));
        }

        return _forks < MaxPaths;
    }

    /// <summary>
    /// Runs rules from <paramref name="ruleIndex"/>/<paramref name="exprIndex"/> of <paramref name="chain"/> until the base
    /// chain ends; <paramref name="pending"/> is the step a forked path resumes with. Jumps and returns stay in the loop,
    /// so long rulesets do not deepen the stack; only forks recurse.
    /// </summary>
    private void Run(NftChain baseChain, NftChain chain, int ruleIndex, int exprIndex, Chain<(NftChain Chain, int Next)>? stack, PathState state, Action<NftFinal, string, PathState> done, Step? pending = null)
    {
        while (true)
        {
            NftRule[] rules = _rules.TryGetValue((chain.Family, chain.Table, chain.Name), out NftRule[]? r) ? r : [];
            if (pending is null && ruleIndex >= rules.Length)
            {
                if (stack is not null)
                {
                    (chain, ruleIndex, exprIndex, stack) = (stack.Head.Chain, stack.Head.Next, 0, stack.Tail);
                    continue;
                }

                Policy(baseChain, state, done);
                return;
            }

            if (++_steps > MaxRuleSteps)
            {
                done(NftFinal.Unknown, $"the chains of {NftFamily.Name(baseChain.Family)} {baseChain.Table} loop", state);
                return;
            }

            NftRule rule = rules[ruleIndex];
            Step step;
            if (pending is { } resumed)
            {
                step = resumed;
                pending = null;
            }
            else
            {
                step = Step.Continue;
                for (; exprIndex < rule.Expressions.Count; exprIndex++)
                {
                    step = Execute(rule.Expressions[exprIndex], rule, baseChain, state);
                    if (step.Kind != StepKind.Continue)
                    {
                        break;
                    }
                }

                if (step.Kind == StepKind.Continue)
                {
                    // Every expression passed and none gave a verdict: the next rule.
                    (ruleIndex, exprIndex) = (ruleIndex + 1, 0);
                    continue;
                }
            }

            switch (step.Kind)
            {
                case StepKind.Fork:
                    foreach (Branch branch in step.Branches!)
                    {
                        if (!Fork())
                        {
                            return;
                        }

                        PathState forked = state.Copy().With($"{branch.Condition} ({rule.Describe()})");
                        branch.Apply?.Invoke(forked);
                        Run(baseChain, chain, ruleIndex, exprIndex, stack, forked, done, branch.Next);
                    }

                    return;
                case StepKind.Continue:
                    exprIndex++;
                    continue;
                case StepKind.Break:
                    (ruleIndex, exprIndex) = (ruleIndex + 1, 0);
                    continue;
                case StepKind.Final:
                    done(step.Final, step.Reason ?? rule.Describe(), state);
                    return;
                default:
                    break;
            }

            NftVerdict verdict = step.Verdict;
            switch (verdict.Code)
            {
                case >= 0 when (verdict.Code & 0xFF) == NftVerdict.Drop:
                    done(NftFinal.Drop, rule.Describe(), state);
                    return;
                case >= 0 when (verdict.Code & 0xFF) == NftVerdict.Accept:
                    done(NftFinal.Accept, rule.Describe(), state);
                    return;
                case NftVerdict.Continue:
                    exprIndex++;
                    continue;
                case NftVerdict.Break:
                    (ruleIndex, exprIndex) = (ruleIndex + 1, 0);
                    continue;
                case NftVerdict.Jump or NftVerdict.Goto:
                    if (verdict.Chain is null || !_chains.TryGetValue((chain.Family, chain.Table, verdict.Chain), out NftChain? target))
                    {
                        done(NftFinal.Unknown, $"{verdict} to a chain that is not in the dump ({rule.Describe()})", state);
                        return;
                    }

                    Chain<(NftChain, int)>? pushed = verdict.Code == NftVerdict.Jump ? new Chain<(NftChain, int)>((chain, ruleIndex + 1), stack) : stack;
                    if (Depth(pushed) > MaxJumpDepth)
                    {
                        done(NftFinal.Unknown, $"jumps nested deeper than the kernel allows ({rule.Describe()})", state);
                        return;
                    }

                    (chain, ruleIndex, exprIndex, stack) = (target, 0, 0, pushed);
                    continue;
                case NftVerdict.Return:
                    if (stack is null)
                    {
                        Policy(baseChain, state, done);
                        return;
                    }

                    (chain, ruleIndex, exprIndex, stack) = (stack.Head.Chain, stack.Head.Next, 0, stack.Tail);
                    continue;
                default:
                    done(NftFinal.Unknown, $"{verdict} hands the packet elsewhere ({rule.Describe()})", state);
                    return;
            }
        }
    }

    private static int Depth<T>(Chain<T>? stack)
    {
        int depth = 0;
        for (; stack is not null; stack = stack.Tail)
        {
            depth++;
        }

        return depth;
    }

    private static void Policy(NftChain baseChain, PathState state, Action<NftFinal, string, PathState> done)
    {
        string described = $"policy {(baseChain.Policy == 0 ? "drop" : "accept")} of {baseChain.Describe()}";
        switch (baseChain.Policy)
        {
            case 0: done(NftFinal.Drop, described, state); break;
            case null or 1: done(NftFinal.Accept, described, state); break;
            default: done(NftFinal.Unknown, string.Create(CultureInfo.InvariantCulture, $"policy {baseChain.Policy} of {baseChain.Describe()}"), state); break;
        }
    }
}
