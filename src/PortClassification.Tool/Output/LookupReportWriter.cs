using System.IO;
using PortClassification.Tool.Input;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass lookup</c> writes: the services named so, or the closest matches, as text or JSON.</summary>
internal static class LookupReportWriter
{
    /// <summary>Writes the report as JSON: the query, the services named so, and the suggestions when none is.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void WriteJson(TextWriter output, LookupReport report) => Json.WriteDocument(output, w =>
    {
        w.WriteString("query", report.Query);
        Json.WriteServices(w, "services", report.Services);
        Json.WriteServices(w, "suggestions", report.Suggestions);
    });

    /// <summary>Writes the report as text: the services as a table, or an error and the closest matches when none has the name.</summary>
    /// <param name="context">The tool's context.</param>
    /// <param name="report">The report.</param>
    public static void WriteText(ToolContext context, LookupReport report)
    {
        TextWriter output = context.Console.Out;
        if (report.Services.Count > 0)
        {
            ServiceTable.Write(output, context.Console.Style, report.Services);
            output.Flush();
            return;
        }

        context.Error(PortSpec.TryParse(report.Query, out _, out _)
            ? $"no service is named {InputText.Quote(report.Query)}; for what uses a port, run 'portclass {report.Query}'."
            : $"no service is named {InputText.Quote(report.Query)}.");
        if (report.Suggestions.Count > 0)
        {
            output.WriteLine($"Closest matches for {InputText.Quote(report.Query)}:");
            ServiceTable.Write(output, context.Console.Style, report.Suggestions);
            if (report.Suggestions.Count == LookupReport.SuggestionLimit)
            {
                output.WriteLine(context.Console.Style.Dim($"(first {LookupReport.SuggestionLimit} shown)"));
            }

            output.Flush();
        }
    }
}
