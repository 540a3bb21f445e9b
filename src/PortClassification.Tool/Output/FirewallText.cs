using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>Writes firewall verdicts: the full form for <c>portclass firewall</c>, one line per transport for the port report.</summary>
internal static class FirewallText
{
    /// <summary>Writes the verdicts as the JSON document of <c>portclass firewall</c>: <c>{"checks": [...]}</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="verdicts">The verdicts.</param>
    public static void WriteDocument(TextWriter output, IReadOnlyList<FirewallFacts> verdicts) => Json.WriteDocument(output, w =>
    {
        w.WriteStartArray("checks");
        foreach (FirewallFacts f in verdicts)
        {
            WriteJson(w, f);
        }

        w.WriteEndArray();
    });

    /// <summary>Writes verdicts in full: the verdict, the rules considered, the conditions and what was not evaluated.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="verdicts">The verdicts.</param>
    public static void WriteFull(TextWriter output, Styler style, IReadOnlyList<FirewallFacts> verdicts)
    {
        string source = verdicts.Count > 0 ? verdicts[0].Source : "none";
        output.WriteLine($"{style.Heading("Firewall (inbound)")} {style.Dim($"(source: {source})")}");
        if (verdicts.Count == 0)
        {
            output.WriteLine("  nothing to check: no port given and nothing is listening");
        }

        foreach (FirewallFacts f in verdicts)
        {
            output.WriteLine($"  {f.Port}/{TransportNames.Format(f.Transport)}{(f.From is null ? string.Empty : $" from {f.From}")}: {Verdict(style, f)}");
            output.WriteLine($"    {f.Summary}");
            foreach (string rule in f.Rules)
            {
                output.WriteLine($"    rule: {rule}");
            }

            foreach (string condition in f.Conditions)
            {
                output.WriteLine($"    depends on: {condition}");
            }
        }

        foreach (string warning in verdicts.SelectMany(v => v.Warnings).Distinct())
        {
            output.WriteLine(style.Warning($"  note: {warning}"));
        }

        output.Flush();
    }

    /// <summary>Writes the "Firewall (inbound)" section of the port report: one line per transport.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="style">Applies colour.</param>
    /// <param name="verdicts">The verdicts.</param>
    public static void WriteSection(TextWriter output, Styler style, IReadOnlyList<FirewallFacts> verdicts)
    {
        string source = verdicts.Count > 0 ? verdicts[0].Source : "none";
        output.WriteLine($"{style.Heading("Firewall (inbound)")} {style.Dim($"(source: {source})")}");
        foreach (FirewallFacts f in verdicts)
        {
            output.WriteLine($"  {TransportNames.Format(f.Transport),-4} {Verdict(style, f)}: {f.Summary}");
        }

        output.WriteLine(style.Dim("  ('portclass firewall <port>' shows the rules considered and what was not evaluated)"));
    }

    /// <summary>Writes one verdict as a JSON object.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="f">The verdict.</param>
    public static void WriteJson(Utf8JsonWriter w, FirewallFacts f)
    {
        w.WriteStartObject();
        w.WriteNumber("port", f.Port.Value);
        w.WriteString("transport", TransportNames.Format(f.Transport));
        w.WriteString("from", f.From?.ToString());
        w.WriteString("verdict", f.VerdictName);
        w.WriteString("source", f.Source);
        w.WriteString("summary", f.Summary);
        Json.WriteStrings(w, "rules", f.Rules);
        Json.WriteStrings(w, "conditions", f.Conditions);
        Json.WriteStrings(w, "warnings", f.Warnings);
        w.WriteEndObject();
    }

    private static string Verdict(Styler style, FirewallFacts f) => f.Verdict switch
    {
        FirewallVerdict.Allowed => style.Good(f.VerdictName),
        FirewallVerdict.Blocked => style.Warning(f.VerdictName),
        _ => style.Dim(f.VerdictName),
    };
}
