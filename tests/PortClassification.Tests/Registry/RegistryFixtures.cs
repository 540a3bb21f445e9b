namespace PortClassification.Tests.Registry;

/// <summary>The small hand-made IANA excerpts under <c>Fixtures/Registry/</c> (IANA's data is CC0).</summary>
internal static class RegistryFixtures
{
    internal static byte[] MiniXml => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Registry", "mini.xml"));

    internal static byte[] MiniCsv => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Registry", "mini.csv"));
}
