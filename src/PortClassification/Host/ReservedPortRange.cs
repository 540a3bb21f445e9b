using System;

namespace PortClassification;

/// <summary>
/// One range of ports the host reserves or excludes, as the operating system lists it, with who reserved it:
/// an administrator, or the system itself at run time.
/// </summary>
/// <remarks>
/// <para>
/// Windows marks exclusions added with <c>netsh int ipv4 add excludedportrange</c> (persistent, made by an
/// administrator) with <c>*</c> in <c>netsh int ipv4 show excludedportrange</c>; the other ranges are reserved at
/// run time by Windows components such as Hyper-V, WinNAT or Docker, and usually change at each boot. Linux's
/// <c>ip_local_reserved_ports</c> is set only by an administrator (root), so every Linux range is administered.
/// </para>
/// <para>The default value is port 0 alone, not administered. Equality compares both properties. Immutable and thread-safe.</para>
/// </remarks>
public readonly struct ReservedPortRange : IEquatable<ReservedPortRange>
{
    /// <summary>Initializes a new instance of the <see cref="ReservedPortRange"/> struct.</summary>
    /// <param name="interval">The reserved ports.</param>
    /// <param name="isAdministered">Whether an administrator reserved them (rather than the system at run time).</param>
    public ReservedPortRange(PortInterval interval, bool isAdministered)
    {
        Interval = interval;
        IsAdministered = isAdministered;
    }

    /// <summary>Gets the reserved ports.</summary>
    public PortInterval Interval { get; }

    /// <summary>
    /// Gets a value indicating whether an administrator reserved the ports: <see langword="true"/> for a Windows
    /// exclusion marked <c>*</c> and for every Linux reserved port; <see langword="false"/> for a Windows exclusion the
    /// system made at run time (Hyper-V, WinNAT, Docker).
    /// </summary>
    public bool IsAdministered { get; }

    /// <summary>Determines whether two ranges are equal.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> if both the intervals and the flags are equal.</returns>
    public static bool operator ==(ReservedPortRange left, ReservedPortRange right) => left.Equals(right);

    /// <summary>Determines whether two ranges differ.</summary>
    /// <param name="left">The first range.</param>
    /// <param name="right">The second range.</param>
    /// <returns><see langword="true"/> if the intervals or the flags differ.</returns>
    public static bool operator !=(ReservedPortRange left, ReservedPortRange right) => !left.Equals(right);

    /// <summary>Determines whether this range equals another.</summary>
    /// <param name="other">The other range.</param>
    /// <returns><see langword="true"/> if both the intervals and the flags are equal.</returns>
    public bool Equals(ReservedPortRange other) => Interval.Equals(other.Interval) && IsAdministered == other.IsAdministered;

    /// <summary>Determines whether this range equals an object.</summary>
    /// <param name="obj">The object.</param>
    /// <returns><see langword="true"/> if <paramref name="obj"/> is an equal <see cref="ReservedPortRange"/>.</returns>
    public override bool Equals(object? obj) => obj is ReservedPortRange other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(ReservedPortRange)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Interval, IsAdministered);

    /// <summary>Returns the interval, followed by <c>*</c> when administered (as netsh marks it), such as <c>50000-50059*</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsAdministered ? Interval.ToString() + "*" : Interval.ToString();
}
