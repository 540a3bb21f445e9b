using System.Globalization;

namespace PortClassification;

/// <summary>Why candidates were turned down during one lease attempt, for the exhaustion message.</summary>
internal struct Rejections
{
    /// <summary>Candidates tried (preferred ports included).</summary>
    public int Considered;

    /// <summary>Ports some socket was using.</summary>
    public int Busy;

    /// <summary>Ports the host reserves or excludes (known before any bind test).</summary>
    public int Reserved;

    /// <summary>Ports whose bind test the host refused (EACCES: Windows exclusions, WSL 2, privileged ports).</summary>
    public int Forbidden;

    /// <summary>Ports a lease of this process holds.</summary>
    public int ClaimedHere;

    /// <summary>Ports another process's lease holds.</summary>
    public int ClaimedElsewhere;

    /// <summary>Ports the options exclude.</summary>
    public int Excluded;

    /// <summary>Describes an exhausted search.</summary>
    /// <param name="transport">The transport leased.</param>
    /// <param name="both">Whether both transports were required.</param>
    /// <param name="policy">The candidate policy.</param>
    /// <returns>The exception message.</returns>
    public readonly string Describe(Transport transport, bool both, CandidatePolicy policy) => policy.Note is null
        ? DescribeCounts(transport, both, policy)
        : DescribeCounts(transport, both, policy) + " " + policy.Note;

    private readonly string DescribeCounts(Transport transport, bool both, CandidatePolicy policy) => string.Create(
        CultureInfo.InvariantCulture,
        $"No free {(both ? "TCP+UDP" : transport == Transport.Udp ? "UDP" : "TCP")} port: {Considered + policy.RemovedReserved + policy.RemovedExcluded} " +
        $"ports considered ({policy.Count} candidates), none could be leased: {Busy} in use, {Reserved + Forbidden} reserved or forbidden by the host, " +
        $"{ClaimedHere} leased in this process, {ClaimedElsewhere} claimed by another process, {Excluded} excluded by the options.");
}
