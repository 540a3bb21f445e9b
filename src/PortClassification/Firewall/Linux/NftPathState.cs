using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>What one path of the evaluation carries: registers, the conditions it assumed, the accepts it passed.</summary>
internal sealed record PathState(NftRegisters Registers, Chain<string>? Conditions, Chain<string>? Accepts, NftPacket Packet)
{
    public PathState Copy() => this with { Registers = Registers.Clone() };

    public PathState With(string condition) => this with { Conditions = new Chain<string>(condition, Conditions) };

    /// <summary>Registers start unknown in each base chain (the kernel does not clear them; rules write before reading).</summary>
    public PathState WithFreshRegisters()
    {
        var registers = new NftRegisters { Untracked = Registers.Untracked };
        registers.SetUnknown(0, NftRegisters.Size, "an unset register");
        return this with { Registers = registers };
    }
}

internal enum StepKind
{
    Continue,
    Break,
    Verdict,
    Final,
    Fork,
}

/// <summary>What an expression does to its rule: go on, stop the rule, give a verdict, end the path, or fork it.</summary>
internal readonly record struct Step(StepKind Kind, NftVerdict Verdict = default, NftFinal Final = NftFinal.Unknown, string? Reason = null, IReadOnlyList<Branch>? Branches = null)
{
    public static Step Continue => new(StepKind.Continue);

    public static Step Break => new(StepKind.Break);

    public static Step Unknown(string reason) => new(StepKind.Final, Final: NftFinal.Unknown, Reason: reason);

    public static Step Decide(Truth truth, string whenTrue, string whenFalse) => truth switch
    {
        Truth.True => Continue,
        Truth.False => Break,
        _ => new(StepKind.Fork, Branches: [new Branch(whenTrue, Continue, null), new Branch(whenFalse, Break, null)]),
    };
}

/// <summary>One way a forked path goes on: its condition, the step it resumes with, and a change to its state.</summary>
internal sealed record Branch(string Condition, Step Next, Action<PathState>? Apply);
