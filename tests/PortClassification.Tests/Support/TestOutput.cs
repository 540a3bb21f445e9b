namespace PortClassification.Tests.Support;

/// <summary>Copies of this test assembly's build output, for child processes that run as another user.</summary>
internal static class TestOutput
{
    /// <summary>
    /// Copies a build output folder and its subfolders, leaving out <c>Fixtures</c> (children never read them, and
    /// they are most of the bytes).
    /// </summary>
    /// <param name="source">The folder to copy.</param>
    /// <param name="destination">An existing, empty folder.</param>
    internal static void CopyWithoutFixtures(string source, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(source))
        {
            string name = Path.GetFileName(directory);
            if (name != "Fixtures")
            {
                CopyWithoutFixtures(directory, Directory.CreateDirectory(Path.Combine(destination, name)).FullName);
            }
        }
    }
}
