using System;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>The stable lower-case names the tool prints and writes into JSON for enumerations.</summary>
internal static class Names
{
    /// <summary>Gets the name of an IANA range.</summary>
    /// <param name="range">The range.</param>
    /// <returns><c>system</c>, <c>user</c> or <c>dynamic</c>.</returns>
    public static string Of(PortRange range) => range switch
    {
        PortRange.System => "system",
        PortRange.User => "user",
        PortRange.Dynamic => "dynamic",
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, null),
    };

    /// <summary>Gets the name of an IANA status.</summary>
    /// <param name="status">The status.</param>
    /// <returns><c>unassigned</c>, <c>assigned</c>, <c>reserved</c> or <c>dynamic</c>.</returns>
    public static string Of(IanaStatus status) => status switch
    {
        IanaStatus.Unassigned => "unassigned",
        IanaStatus.Assigned => "assigned",
        IanaStatus.Reserved => "reserved",
        IanaStatus.Dynamic => "dynamic",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Gets the name of a service's origin.</summary>
    /// <param name="kind">The origin.</param>
    /// <returns><c>iana</c>, <c>unofficial</c> or <c>user</c>.</returns>
    public static string Of(ServiceKind kind) => kind switch
    {
        ServiceKind.Iana => "iana",
        ServiceKind.Unofficial => "unofficial",
        ServiceKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
