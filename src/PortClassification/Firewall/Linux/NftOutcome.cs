using System.Collections.Generic;

namespace PortClassification;

/// <summary>How one path through the ruleset ends.</summary>
internal enum NftFinal
{
    Accept,
    Drop,
    Reject,
    Unknown,
}

/// <summary>
/// One path of the evaluation: its end, the rule or policy that decided it, the conditions taken on the way (what the
/// path assumed about unknown fields) and every base-chain accept it passed.
/// </summary>
internal sealed record NftOutcome(NftFinal Final, string Decider, IReadOnlyList<string> Conditions, IReadOnlyList<string> Accepts);

/// <summary>Every path of one evaluation, and warnings about what it could not take into account.</summary>
internal sealed record NftEvaluation(IReadOnlyList<NftOutcome> Outcomes, IReadOnlyList<string> Warnings);

/// <summary>An immutable list node, for conditions and accepts shared between forked paths.</summary>
internal sealed record Chain<T>(T Head, Chain<T>? Tail)
{
    public static List<T> ToList(Chain<T>? chain)
    {
        var list = new List<T>();
        for (Chain<T>? c = chain; c is not null; c = c.Tail)
        {
            list.Add(c.Head);
        }

        list.Reverse();
        return list;
    }
}
