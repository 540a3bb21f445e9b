using System.Collections.Generic;
using System.CommandLine;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Commands;

/// <summary><c>portclass lookup &lt;name&gt;</c>: the ports of a service.</summary>
internal static class LookupCommand
{
    /// <summary>The most matches '--search' shows.</summary>
    internal const int SearchLimit = 50;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The tool's context.</param>
    /// <returns>The command.</returns>
    public static Command Create(ToolContext context)
    {
        var name = new Argument<string>("name") { Description = "The service name or alias, any case: https, postgresql, webmin; with --search, any text" };
        var search = new Option<bool>("--search")
        {
            Description = "Search names, aliases and descriptions, best matches first (portclass lookup --search kafka)",
        };
        var command = new Command("lookup", "Find the ports of a service by name or alias in IANA's registry and the known uses; exit code 1 when none is named so.")
        {
            name,
            search,
        };
        command.SetAction(result =>
        {
            LookupReport report = result.GetValue(search)
                ? GatherSearch(context.Facts, result.GetRequiredValue(name))
                : Gather(context.Facts, result.GetRequiredValue(name));
            // The text goes through the context: a name nobody has is an error line on standard error.
            context.Render(result, o => LookupReportWriter.WriteJson(o, report), (_, _) => LookupReportWriter.WriteText(context, report));

            return report.Services.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>Finds a service's entries, or names that contain the text when none matches exactly.</summary>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="name">The name.</param>
    /// <returns>The report.</returns>
    public static LookupReport Gather(IPortFacts facts, string name)
    {
        string trimmed = name.Trim();
        IReadOnlyList<ServiceInfo> exact = trimmed.Length == 0 ? [] : facts.FindByName(trimmed);
        IReadOnlyList<ServiceInfo> similar = exact.Count == 0 && trimmed.Length > 0 ? facts.Search(trimmed, LookupReport.SuggestionLimit) : [];
        return new LookupReport(trimmed, exact, similar);
    }

    /// <summary>Searches names, aliases and descriptions.</summary>
    /// <param name="facts">Where facts come from.</param>
    /// <param name="text">The text.</param>
    /// <returns>The report, with the matches as its services, best first.</returns>
    public static LookupReport GatherSearch(IPortFacts facts, string text)
    {
        string trimmed = text.Trim();
        return new LookupReport(trimmed, trimmed.Length == 0 ? [] : facts.Search(trimmed, SearchLimit), []);
    }
}
