using System;
using System.Collections.Generic;
using PortClassification.Tool.Processes;

namespace PortClassification.Tool.Reports;

/// <summary>What <c>portclass kill</c> was asked.</summary>
/// <param name="Port">The port.</param>
/// <param name="Transport">TCP (listening sockets) or UDP (bound sockets).</param>
/// <param name="Signal">The first signal.</param>
/// <param name="Timeout">How long to wait for the port to become free.</param>
/// <param name="Force">Whether to send SIGKILL after the timeout.</param>
/// <param name="DryRun">Whether only to report.</param>
internal sealed record KillRequest(PortNumber Port, Transport Transport, ProcessSignal Signal, TimeSpan Timeout, bool Force, bool DryRun);

/// <summary>One signal sent.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="ProcessName">Its name, if known.</param>
/// <param name="Signal">The signal.</param>
/// <param name="Outcome">What happened.</param>
internal sealed record KillAction(int ProcessId, string? ProcessName, ProcessSignal Signal, SignalOutcome Outcome);

/// <summary>What <c>portclass kill</c> did and saw.</summary>
/// <param name="Request">The request.</param>
internal sealed record KillReport(KillRequest Request)
{
    /// <summary>Gets the signals sent, in order.</summary>
    public List<KillAction> Signalled { get; } = [];

    /// <summary>Gets the processes a dry run would signal.</summary>
    public List<(int ProcessId, string? Name)> Planned { get; } = [];

    /// <summary>Gets listeners whose owner this user cannot see.</summary>
    public List<string> Unseen { get; } = [];

    /// <summary>Gets owners never signalled: pid 1, this process, its parent.</summary>
    public List<(int ProcessId, string? Name)> Protected { get; } = [];

    /// <summary>Gets the listeners left at the end, when the port is not free.</summary>
    public List<string> StillListening { get; } = [];
}
