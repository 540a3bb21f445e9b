using System.Collections.Generic;
using System.IO;
using PortClassification.Tool.Facts;

namespace PortClassification.Tool.Output;

/// <summary>What <c>portclass free</c> and <c>portclass exec</c> write about their leases: the ports, and hints on a terminal.</summary>
internal static class FreeText
{
    /// <summary>Writes the leased ports: one per line, or a JSON document.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="transport">The transport the ports are free for.</param>
    /// <param name="leases">The leases.</param>
    /// <param name="hold">Whether the command holds the ports until stopped.</param>
    /// <param name="json">Whether to write JSON.</param>
    public static void Write(TextWriter output, Transport transport, IReadOnlyList<IFreePortLease> leases, bool hold, bool json)
    {
        if (json)
        {
            Json.WriteDocument(output, w =>
            {
                w.WriteString("transport", TransportNames.Format(transport));
                w.WriteBoolean("held", hold);
                w.WriteStartArray("ports");
                foreach (IFreePortLease lease in leases)
                {
                    w.WriteNumberValue(lease.Port.Value);
                }

                w.WriteEndArray();
            });
        }
        else
        {
            foreach (IFreePortLease lease in leases)
            {
                output.WriteLine(lease.Port.ToString());
            }
        }

        // A script reads the ports while the command holds them: they must leave the buffer now.
        output.Flush();
    }

    /// <summary>Tells a person at a terminal that the ports are held until Ctrl+C; says nothing to a script.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="count">How many ports are held.</param>
    public static void Holding(ToolConsole console, int count)
    {
        if (console.Interactive)
        {
            console.Error.WriteLine($"portclass: holding {Plural.Count(count, "port")}; press Ctrl+C to release.");
            console.Error.Flush();
        }
    }

    /// <summary>Tells a person at a terminal which variable holds which port (<c>PORT=61000</c>); says nothing to a script.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="variables">The environment variable names, one per lease.</param>
    /// <param name="leases">The leases.</param>
    public static void Assignments(ToolConsole console, IReadOnlyList<string> variables, IReadOnlyList<IFreePortLease> leases)
    {
        if (console.Interactive)
        {
            var assignments = new List<string>(variables.Count);
            for (int i = 0; i < variables.Count; i++)
            {
                assignments.Add(variables[i] + "=" + leases[i].Port.ToString());
            }

            console.Error.WriteLine("portclass: " + string.Join(" ", assignments));
            console.Error.Flush();
        }
    }

    /// <summary>Starts the message for a failed lease: <c>could not lease 3 free tcp ports, got 1</c>.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="count">How many ports were asked for.</param>
    /// <param name="got">How many were leased before the failure.</param>
    /// <returns>The text, without a final colon.</returns>
    public static string CouldNotLease(Transport transport, int count, int got)
    {
        string name = TransportNames.Format(transport);
        return $"could not lease {Plural.Count(count, $"free {name} port", $"free {name} ports")}, got {got}";
    }
}
