using System;
using System.Collections.Generic;
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

    /// <summary>Gets a known use's category as the known-uses table writes it.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The kebab-case name, for example <c>dev-server</c>, <c>ci-cd</c> or <c>peer-to-peer</c>.</returns>
    public static string Of(ServiceCategory category)
    {
        string pascal = category.ToString();
        var kebab = new System.Text.StringBuilder(pascal.Length + 4);
        foreach (char c in pascal)
        {
            if (char.IsAsciiLetterUpper(c) && kebab.Length > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }

    /// <summary>Gets the platforms in a set, as the known-uses table writes them.</summary>
    /// <param name="platforms">The set.</param>
    /// <returns>Some of <c>linux</c>, <c>macos</c>, <c>windows</c>, in that order.</returns>
    public static IReadOnlyList<string> Of(ServicePlatforms platforms)
    {
        var names = new List<string>(3);
        if ((platforms & ServicePlatforms.Linux) != 0)
        {
            names.Add("linux");
        }

        if ((platforms & ServicePlatforms.MacOS) != 0)
        {
            names.Add("macos");
        }

        if ((platforms & ServicePlatforms.Windows) != 0)
        {
            names.Add("windows");
        }

        return names;
    }

    /// <summary>Gets the name of a service's origin.</summary>
    /// <param name="kind">The origin.</param>
    /// <returns><c>iana</c>, <c>knownUse</c>, <c>host</c> or <c>user</c>.</returns>
    public static string Of(ServiceKind kind) => kind switch
    {
        ServiceKind.Iana => "iana",
        ServiceKind.KnownUse => "knownUse",
        ServiceKind.Host => "host",
        ServiceKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
