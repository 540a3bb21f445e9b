namespace PortClassification.Tests.Host;

/// <summary>Paths and contents of the files under <c>Fixtures/Host/</c>.</summary>
internal static class HostFixtures
{
    internal static string LinuxDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Host", "Linux", name);

    internal static string Windows(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Host", "Windows", name));
}
