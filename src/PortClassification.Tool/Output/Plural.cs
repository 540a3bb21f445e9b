using System.Globalization;

namespace PortClassification.Tool.Output;

/// <summary>Counts with their noun: "1 port", "2 ports", never "1 ports" or "port(s)".</summary>
internal static class Plural
{
    /// <summary>Formats a count and the noun in the right number.</summary>
    /// <param name="count">The count.</param>
    /// <param name="singular">The noun for one, for example <c>port</c>.</param>
    /// <param name="plural">The noun for any other count; <paramref name="singular"/> + <c>s</c> when omitted.</param>
    /// <returns>For example <c>1 port</c> or <c>28232 ports</c>.</returns>
    public static string Count(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
