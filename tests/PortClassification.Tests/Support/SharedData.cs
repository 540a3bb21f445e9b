using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// Finds IANA's registry files in the project's shared data folder, <c>../shared/data/iana</c> beside
/// the repository (CI puts it there; a git worktree may sit one level deeper, so ancestors are tried
/// too). <c>PORTCLASSIFICATION_IANA_DIR</c> overrides the search.
/// </summary>
internal static class SharedData
{
    internal const string XmlFileName = "service-names-port-numbers.xml";
    internal const string CsvFileName = "service-names-port-numbers.csv";

    private static readonly Lazy<string?> s_ianaDirectory = new(Locate);

    /// <summary>Gets the folder that holds IANA's XML and CSV, or <see langword="null"/> when it is not on this machine.</summary>
    internal static string? IanaDirectory => s_ianaDirectory.Value;

    /// <summary>Gets whether the test run is CI, where the shared data must be present.</summary>
    internal static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    internal static string XmlPath => Path.Combine(Required(), XmlFileName);

    internal static string CsvPath => Path.Combine(Required(), CsvFileName);

    /// <summary>Describes where the data was looked for, for skip and failure messages.</summary>
    internal static string SearchDescription =>
        $"IANA registry data ({XmlFileName}) not found in PORTCLASSIFICATION_IANA_DIR or in shared/data/iana beside any ancestor of {RepositoryRoot() ?? AppContext.BaseDirectory}";

    private static string Required() =>
        IanaDirectory ?? throw new InvalidOperationException(SearchDescription);

    private static string? Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable("PORTCLASSIFICATION_IANA_DIR");
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(Path.Combine(overridden, XmlFileName)) ? overridden : null;
        }

        for (DirectoryInfo? dir = Directory.GetParent(RepositoryRoot() ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data", "iana");
            if (File.Exists(Path.Combine(candidate, XmlFileName)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Gets the repository root: the nearest ancestor of the test binaries with <c>PortClassification.sln</c>.</summary>
    internal static string? RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PortClassification.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>
/// A fact that needs IANA's shared registry files. Outside CI it is reported as skipped, with where
/// the files were looked for, when they are absent; in CI (<c>CI=true</c>) it always runs, so
/// missing data fails the test instead of passing it unchecked.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.IanaDirectory is null && !SharedData.IsCI)
        {
            Skip = SharedData.SearchDescription + " (in CI this test fails instead).";
        }
    }
}
