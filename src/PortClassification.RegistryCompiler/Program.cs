using System;
using System.IO;

namespace PortClassification.RegistryCompiler;

/// <summary>
/// <c>dotnet run --project src/PortClassification.RegistryCompiler -- &lt;registry.xml|registry.csv&gt; &lt;known-uses.csv&gt; &lt;out.bin&gt;</c>:
/// reads IANA's Service Name and Transport Protocol Port Number Registry and the curated known uses and
/// writes the compact table that the library embeds as <c>Registry/iana-services.bin</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: PortClassification.RegistryCompiler <service-names-port-numbers.xml|.csv> <known-uses.csv> <out.bin>");
            return 2;
        }

        string input = args[0], knownUses = args[1], output = args[2];
        try
        {
            RegistryData data;
            using (FileStream stream = File.OpenRead(input))
            {
                data = input.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                    ? IanaCsvReader.Read(stream)
                    : IanaXmlReader.Read(stream);
            }

            using (FileStream stream = File.OpenRead(knownUses))
            {
                data.KnownUses.AddRange(KnownUsesReader.Read(stream));
            }

            byte[] table = RegistryTableWriter.Write(data);

            // Read the table back before replacing the old one, so a bad table is never written; write it
            // beside the output and move it over, so an interrupted run never leaves a half-written table.
            RegistryTable.Read(table);
            string temporary = output + ".tmp";
            try
            {
                File.WriteAllBytes(temporary, table);
                File.Move(temporary, output, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            Console.WriteLine($"registry date       {data.Date:yyyy-MM-dd}");
            Console.WriteLine($"records read        {data.RecordsRead}");
            Console.WriteLine($"  without a port    {data.RecordsWithoutPort} (service names only; not in the table)");
            Console.WriteLine($"  named services    {data.Services.Count}");
            Console.WriteLine($"  unnamed holds     {data.Holds.Count} (Reserved/Unassigned ranges)");
            Console.WriteLine($"known uses          {data.KnownUses.Count} (one per transport) from {knownUses}");
            Console.WriteLine($"table               {table.Length} bytes -> {output}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
