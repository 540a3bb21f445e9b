using System.Collections.Generic;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass list</c> writes: the table on standard output, what is missing on standard error, or one JSON document.</summary>
internal static class ListText
{
    /// <summary>Writes the listeners: a table (or why there is none) and the section's notes, or a JSON document.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="section">The listeners.</param>
    /// <param name="unanswered">Whether the list is empty and known to be incomplete.</param>
    /// <param name="unfiltered">Whether no filter was given.</param>
    /// <param name="json">Whether to write JSON.</param>
    public static void WriteListeners(ToolConsole console, ListenerSection section, bool unanswered, bool unfiltered, bool json)
    {
        if (json)
        {
            Json.WriteDocument(console.Out, w => Json.WriteListenerSectionProperties(w, section));
            return;
        }

        if (section.Rows.Count > 0)
        {
            ListenerTable.Write(console.Out, console.Style, section.Rows, service: true, indent: 0);
            console.Out.Flush();
        }
        else
        {
            console.Error.WriteLine(
                unanswered ? "portclass: no listener found, but the list is incomplete: the warnings below say what could not be read"
                : unfiltered ? "portclass: nothing is listening"
                : "portclass: no listener matches");
        }

        // Notes go to standard error so that the table stays clean for scripts.
        ListenerTable.WriteNotes(console.Error, Styler.Plain, section, prefix: "portclass: ");
        console.Error.Flush();
    }

    /// <summary>Writes sockets of every state (<c>--all</c>): one line each and the warnings on standard error, or a JSON document.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="snapshot">The snapshot the sockets come from.</param>
    /// <param name="rows">The sockets to show, sorted.</param>
    /// <param name="json">Whether to write JSON.</param>
    public static void WriteSockets(ToolConsole console, SocketSnapshot snapshot, IReadOnlyList<SocketEntry> rows, bool json)
    {
        if (json)
        {
            Json.WriteDocument(console.Out, w =>
            {
                w.WriteString("source", snapshot.ReaderName);
                w.WriteBoolean("complete", snapshot.IsComplete);
                Json.WriteStrings(w, "warnings", snapshot.Warnings);
                w.WriteStartArray("sockets");
                foreach (SocketEntry socket in rows)
                {
                    SocketText.WriteJson(w, socket);
                }

                w.WriteEndArray();
            });
            return;
        }

        foreach (SocketEntry socket in rows)
        {
            SocketText.WriteLine(console.Out, socket, string.Empty);
        }

        console.Out.Flush();
        if (rows.Count == 0)
        {
            console.Error.WriteLine("portclass: no socket matches");
        }

        foreach (string warning in snapshot.Warnings)
        {
            console.Error.WriteLine($"portclass: {warning}");
        }

        console.Error.Flush();
    }
}
